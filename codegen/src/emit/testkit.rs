//! `testkit.rs` (feature `testkit`, when resources were recognised): the model of the API the
//! runtime's fake serves — each resource's paths, operations, body checks (the generated
//! types), answer templates with every required field, where ids, properties, statuses and
//! page fields sit, which paths, codes and states it answers (as resolve decided them in
//! `Resource::fake` and `Api::fake_states`) — and the functions users
//! start fakes with.

use super::rust_type;
use crate::ir::{Api, ErrorMessages, PageWire, Resource, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn emit(api: &Api) -> TokenStream {
    let kinds = api.resources.values().map(|r| kind(api, r));
    let operations = operations(api);
    let error = error_template(api);
    let states = states(api);
    let regions = (!api.servers.is_empty()).then(|| {
        quote! {
            /// Fakes of several regions, each its own server and store, and a
            /// [`MultiRegionClient`](super::MultiRegionClient) wired to them.
            #[derive(Debug)]
            pub struct FakeRegions {
                /// Calls every region's fake.
                pub client: super::MultiRegionClient,
                servers: Vec<(super::Region, FakeServer)>,
            }

            impl FakeRegions {
                /// The fake of one region, to script or inspect it.
                pub fn server(&self, region: super::Region) -> Option<&FakeServer> {
                    self.servers.iter().find(|(r, _)| *r == region).map(|(_, s)| s)
                }
            }

            /// Starts a fake per region (see [`start`]).
            pub async fn start_regions(
                regions: impl IntoIterator<Item = super::Region>,
            ) -> std::io::Result<FakeRegions> {
                let mut servers = Vec::new();
                for region in regions {
                    servers.push((region, start().await?));
                }
                let clients = servers.iter().map(|(region, server)| (*region, server.client()));
                Ok(FakeRegions {
                    client: super::MultiRegionClient::new(clients),
                    servers,
                })
            }
        }
    });
    quote! {
        //! A stateful fake of the API for tests, served in-process on 127.0.0.1 (feature
        //! `testkit`): items made by create or ensure can be read, listed page by page,
        //! replaced and deleted (with what is below them); new items provision for a read
        //! before they are ready; write-only values are accepted and never answered; bodies
        //! are checked with the generated types; faults can be scripted per operation.
        //!
        //! [`start`] gives a [`FakeServer`]; its page lists what a fake does (clients, faults,
        //! seeding, the request log).

        pub use rt::testkit::{Fault, Lifecycle, Received, Seeded, Stored, Target};

        /// A running fake of the API (see [`start`]) that hands out this API's [`Client`](super::Client).
        ///
        /// Its methods (documented on the runtime's `vpn_runtime::support::testkit::FakeServer`, listed
        /// here because documentation built for this crate alone does not show them):
        ///
        /// - clients: `client()` (the token, quick retries and waits), `client_builder()` (the
        ///   same, to change before `build()`), `base_url()`, `token()`,
        ///   `accept_basic_auth(user, password)`;
        /// - scripted trouble: `fault(operation, n, fault)` (the next `n` requests of an
        ///   [`Operation`] meet a [`Fault`]; `0` clears), `fault_always(operation, fault)`,
        ///   `fault_sometimes(operation, probability, seed, fault)`, `fail(id, message)` (an
        ///   item still provisioning ends `FAILED`);
        /// - the store: `seed(collection, properties, state)` (an item in any [`Seeded`]
        ///   state, without a request; returns its id), `set_lifecycle(`[`Lifecycle`]`)`,
        ///   `set_page_sizes(default, max)`, `reset()` (items, log and scripts cleared);
        /// - what happened: `requests()` (every [`Received`] request in order, bodies as sent)
        ///   and `stored()` (every [`Stored`] item with its properties as sent); their `Debug`
        ///   redacts credentials.
        pub type FakeServer = rt::testkit::FakeServer<super::Client>;

        #operations

        /// Starts a fake of the API on 127.0.0.1 (a random port). Needs a tokio runtime;
        /// call [`FakeServer::client`] for a client pointed at it.
        pub async fn start() -> std::io::Result<FakeServer> {
            FakeServer::start_model(model()).await
        }

        #regions

        /// The API as the fake serves it.
        fn model() -> rt::testkit::Model {
            rt::testkit::Model {
                kinds: Vec::from([#(#kinds),*]),
                error: #error,
                states: #states,
            }
        }
    }
}

/// Every operation the fake serves, as an enum users script faults with (a misspelt name
/// does not compile).
fn operations(api: &Api) -> TokenStream {
    let mut seen = std::collections::BTreeSet::new();
    let served = api.resources.values().flat_map(|r| {
        [
            r.list.as_ref(),
            r.get.as_ref(),
            r.create.as_ref().map(|e| &e.operation),
            r.ensure.as_ref().map(|e| &e.operation),
            r.delete.as_ref().map(|d| &d.operation),
        ]
    });
    let operations: Vec<&crate::ir::Operation> = served
        .flatten()
        .filter_map(|key| api.operations.get(key))
        .filter(|op| seen.insert(op.operation_id.clone()))
        .collect();
    let variants = operations.iter().map(|op| {
        let variant = quote::format_ident!("{}", op.type_base);
        let doc = format!(" `{}`: `{} {}`", op.operation_id, op.method, op.path);
        quote!(#[doc = #doc] #variant)
    });
    let arms = operations.iter().map(|op| {
        let variant = quote::format_ident!("{}", op.type_base);
        let id = &op.operation_id;
        quote!(Operation::#variant => #id)
    });
    quote! {
        /// Every operation the fake serves, for [`FakeServer::fault`] (its operationId, typed).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Operation {
            #(#variants),*
        }

        impl Target for Operation {
            fn operation_id(&self) -> &str {
                match self {
                    #(#arms),*
                }
            }
        }
    }
}

/// `&["a", "b"]`.
fn path_tokens(path: &[String]) -> TokenStream {
    quote!(&[#(#path),*])
}

fn optional_path(path: Option<&[String]>) -> TokenStream {
    match path {
        Some(p) => {
            let p = path_tokens(p);
            quote!(Some(#p))
        }
        None => quote!(None),
    }
}

/// The sample as a raw string literal, so the generated file shows the JSON as it is.
fn sample_text(api: &Api, ty: &TypeRef) -> TokenStream {
    let json = api.sample_json(ty);
    let hashes = "#".repeat(
        (1..8)
            .find(|n| !json.contains(&format!("\"{}", "#".repeat(*n))))
            .unwrap_or(8),
    );
    match format!("r{hashes}\"{json}\"{hashes}").parse::<proc_macro2::Literal>() {
        Ok(literal) => quote!(#literal),
        Err(_) => quote!(#json),
    }
}

/// A status code without a type suffix.
fn code(status: u16) -> proc_macro2::Literal {
    proc_macro2::Literal::u16_unsuffixed(status)
}

fn kind(api: &Api, r: &Resource) -> TokenStream {
    let op = |name: &Option<String>| name.as_ref().and_then(|n| api.operations.get(n));
    let op_id = |name: &Option<String>| match op(name) {
        Some(o) => {
            let id = &o.operation_id;
            quote!(Some(#id))
        }
        None => quote!(None),
    };
    let name = &r.item_kind;
    let wire = &r.fake;
    let (collection, item) = (&wire.collection, &wire.item);
    let create = write(api, r.create.as_ref());
    let ensure = write(api, r.ensure.as_ref());
    let delete = r
        .delete
        .as_ref()
        .and_then(|d| Some((api.operations.get(&d.operation)?, d.fake_status)));
    let delete = match delete {
        Some((o, status)) => {
            let id = &o.operation_id;
            let status = code(status);
            quote!(Some(rt::testkit::Delete { operation: #id, status: #status }))
        }
        None => quote!(None),
    };
    let (list, get) = (op_id(&r.list), op_id(&r.get));
    let read_ty = r.read.clone().unwrap_or(TypeRef::Json);
    let read = sample_text(api, &read_ty);
    let (id, properties) = (path_tokens(&wire.id), path_tokens(&wire.properties));
    let href = optional_path(wire.href.as_deref());
    let status_path = optional_path(wire.status.as_deref());
    let message = optional_path(wire.message.as_deref());
    let write_only: Vec<TokenStream> = r
        .update
        .as_ref()
        .map(|u| u.write_only.iter().map(|w| path_tokens(&w.wire)).collect())
        .unwrap_or_default();
    let derived = r.derived.iter().map(|d| {
        let (from, to) = (path_tokens(&d.from), path_tokens(&d.to));
        let function = d
            .function
            .iter()
            .map(|s| proc_macro2::Ident::new(s, proc_macro2::Span::call_site()));
        quote! {
            rt::testkit::Derived {
                from: #from,
                to: #to,
                derive: |value| rt::testkit::derived(#(#function)::*(value)),
            }
        }
    });
    let page = op(&r.list)
        .and_then(|o| o.pagination.as_ref())
        .zip(wire.page.as_ref())
        .map_or_else(|| quote!(None), |(p, wire)| page_template(api, p, wire));
    quote! {
        rt::testkit::Kind {
            name: #name,
            collection: #collection,
            item: #item,
            list: #list,
            get: #get,
            create: #create,
            ensure: #ensure,
            delete: #delete,
            read: #read,
            id: #id,
            href: #href,
            properties: #properties,
            status: #status_path,
            message: #message,
            write_only: &[#(#write_only),*],
            derived: &[#(#derived),*],
            page: #page,
        }
    }
}

/// A write of the fake's model: its operation, body check and statuses.
fn write(api: &Api, envelope: Option<&crate::ir::Envelope>) -> TokenStream {
    let models = quote!(super::models::);
    let Some(e) = envelope else {
        return quote!(None);
    };
    let status = e.fake_status;
    let Some(operation) = api.operations.get(&e.operation) else {
        return quote!(None);
    };
    let operation_id = &operation.operation_id;
    let body = rust_type(&TypeRef::Named(e.body.clone()), &models);
    let (created, replaced) = (code(status.created), code(status.replaced));
    let id = optional_path(e.id_wire.as_deref());
    let properties = path_tokens(&e.properties_wire);
    quote! {
        Some(rt::testkit::Write {
            operation: #operation_id,
            check: rt::testkit::check::<#body>,
            properties: #properties,
            id: #id,
            created: #created,
            replaced: #replaced,
        })
    }
}

/// The list answers of the fake: a page's template and where its parts are.
fn page_template(api: &Api, p: &crate::ir::Pagination, wire: &PageWire) -> TokenStream {
    let template = sample_text(api, &TypeRef::Named(p.page.clone()));
    let items = path_tokens(&wire.items);
    let [href, offset, limit, next, previous, this] = [
        &wire.href,
        &wire.offset,
        &wire.limit,
        &wire.next,
        &wire.previous,
        &wire.this,
    ]
    .map(|path| optional_path(path.as_deref()));
    // The spec's bounds of the `limit` parameter, for the fake's query checks.
    let bound = |c: &Option<crate::ir::ConstRef>| match c {
        Some(c) => {
            let path = super::validation::const_path(c);
            quote!(u64::try_from(#path).ok())
        }
        None => quote!(None),
    };
    let (limit_min, limit_max) = (bound(&p.limit_min), bound(&p.limit_max));
    quote! {
        Some(rt::testkit::PageTemplate {
            template: #template,
            items: #items,
            href: #href,
            offset: #offset,
            limit: #limit,
            next: #next,
            previous: #previous,
            this: #this,
            default_limit: 100,
            limit_min: #limit_min,
            limit_max: #limit_max,
        })
    }
}

fn error_template(api: &Api) -> TokenStream {
    let template = sample_text(api, &api.error_body);
    let status = optional_path(
        api.error_shape
            .as_ref()
            .and_then(|s| s.status_wire.as_deref()),
    );
    let (messages, text) = match api.error_shape.as_ref().map(|s| &s.messages) {
        Some(ErrorMessages::List { list, text }) => {
            let list_path = api.wire_path(&api.error_body, list);
            let item_ty = list
                .0
                .last()
                .and_then(|step| {
                    api.fields(&api.error_body)
                        .iter()
                        .find(|f| f.name == step.name)
                })
                .and_then(|f| match &f.ty {
                    TypeRef::Array(item) => Some((**item).clone()),
                    _ => None,
                });
            let text_wire = item_ty.and_then(|ty| {
                api.fields(&ty)
                    .iter()
                    .find(|f| f.name == text.name)
                    .map(|f| f.wire.clone())
            });
            let text = match text_wire {
                Some(t) => quote!(Some(#t)),
                None => quote!(None),
            };
            (optional_path(list_path.as_deref()), text)
        }
        _ => (quote!(None), quote!(None)),
    };
    quote! {
        rt::testkit::ErrorTemplate {
            template: #template,
            status: #status,
            messages: #messages,
            text: #text,
        }
    }
}

/// The lifecycle's wire values, as resolve picked them.
fn states(api: &Api) -> TokenStream {
    let Some(states) = &api.fake_states else {
        return quote!(Default::default());
    };
    let [busy, ready, failed, deleting] = [
        &states.busy,
        &states.ready,
        &states.failed,
        &states.deleting,
    ]
    .map(|state| match state {
        Some(wire) => quote!(Some(#wire)),
        None => quote!(None),
    });
    quote! {
        rt::testkit::States {
            busy: #busy,
            ready: #ready,
            failed: #failed,
            deleting: #deleting,
        }
    }
}
