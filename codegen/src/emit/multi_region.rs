//! The multi-region client (in `regions.rs`): `MultiRegionClient`, the runtime's `Fanout` keyed
//! by `Region`, built per region through the same settings as one client, with a handle per
//! top-level resource whose `all()` lists every region at once and whose `find(id)` looks in
//! every region.

use super::{ident, rust_type};
use super::{is_by_ref, path_argument};
use crate::ir::{Api, Resource};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(crate) fn emit(api: &Api) -> TokenStream {
    let from_env = api.environment.as_ref().map(|_| {
        quote! {
            /// A client for each of `regions` (e.g. [`Region::ALL`]), each configured as
            /// [`Client::from_env`](super::Client::from_env) does it with its region picked: the
            /// config file's endpoint for each location, else the region's own URL. A base URL
            /// from the environment sends every region to that one URL.
            pub fn from_env(
                regions: impl IntoIterator<Item = Region>,
            ) -> Result<MultiRegionClient, rt::BuildError> {
                MultiRegionClient::from_builder(&super::ClientBuilder::from_env()?, regions)
            }
        }
    });
    let handles: Vec<&Resource> = api.resources.values().filter(|r| r.every_region).collect();
    let handle_methods = handles.iter().map(|r| {
        let handle = ident(&r.handle);
        let ty = format_ident!("MultiRegion{}", r.type_name);
        let d = format!(" The `{}` resource in every region.", r.type_name);
        quote! {
            #[doc = #d]
            pub fn #handle(&self) -> #ty<'_> {
                #ty { regions: self }
            }
        }
    });
    let handle_types = handles.iter().map(|r| handle(api, r));
    quote! {
        /// Clients for several regions at once (the runtime's [`Fanout`](rt::Fanout) keyed by
        /// [`Region`]): listings run concurrently and tag each item with its region, a region
        /// that fails is reported beside the others' items, and `find` looks for an id in
        /// every region. Derefs to the `Fanout`, whose `each`, `find`, `keys` and `client`
        /// it offers.
        #[derive(Clone, Debug)]
        pub struct MultiRegionClient(rt::Fanout<Region, super::Client>);

        impl std::ops::Deref for MultiRegionClient {
            type Target = rt::Fanout<Region, super::Client>;

            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl MultiRegionClient {
            /// Clients for these regions, in this order.
            pub fn new(clients: impl IntoIterator<Item = (Region, super::Client)>) -> Self {
                MultiRegionClient(rt::Fanout::new(clients))
            }

            /// At most this many regions are asked at once (default 4; at least 1).
            pub fn concurrency(self, limit: usize) -> Self {
                MultiRegionClient(self.0.concurrency(limit))
            }

            #from_env

            /// A client for each of `regions`, from one builder: its settings (credentials,
            /// retries, timeouts, the config file it read) apply to every region, each with
            /// its region picked. A base URL set on it sends every region to that URL.
            pub fn from_builder(
                builder: &super::ClientBuilder,
                regions: impl IntoIterator<Item = Region>,
            ) -> Result<MultiRegionClient, rt::BuildError> {
                let clients = regions
                    .into_iter()
                    .map(|region| Ok((region, builder.clone().region(region).build()?)))
                    .collect::<Result<Vec<_>, rt::BuildError>>()?;
                Ok(MultiRegionClient::new(clients))
            }

            #(#handle_methods)*
        }

        #(#handle_types)*
    }
}

fn handle(api: &Api, r: &Resource) -> TokenStream {
    let models = quote!(super::models::);
    let ty = format_ident!("MultiRegion{}", r.type_name);
    let handle = ident(&r.handle);
    let Some(read) = r.read.as_ref().map(|t| rust_type(t, &models)) else {
        return quote!();
    };
    let Some(item) = api.list_all_item(r).map(|item| rust_type(item, &models)) else {
        return quote!();
    };
    let error_body = rust_type(&api.error_body, &models);
    let id_name = ident(&r.id.name);
    let id_ty = path_argument(&r.id.ty, &models);
    let (id_copy, id_pass) = if is_by_ref(&r.id.ty) {
        (
            quote!(let #id_name = #id_name.to_owned();),
            quote!(&#id_name),
        )
    } else {
        (quote!(), quote!(#id_name))
    };
    let d = format!(
        " The `{}` resource in every region of a [`MultiRegionClient`].",
        r.type_name
    );
    quote! {
        #[doc = #d]
        #[derive(Clone, Copy, Debug)]
        pub struct #ty<'a> {
            regions: &'a MultiRegionClient,
        }

        impl #ty<'_> {
            /// Every item of every region (all pages), each tagged with its region, at most
            /// the client's concurrency of regions at a time; a region that fails is in
            /// `failures`, beside the other regions' items.
            pub async fn all(&self) -> rt::Gathered<Region, #item, #error_body> {
                self.regions
                    .each(|client| async move { client.#handle().list().all().await })
                    .await
            }

            /// The item with this id and its region, asking every region; `None` when every
            /// region answers that it has no such item, an error when none has it and some
            /// region could not say.
            pub async fn find(
                &self,
                #id_name: #id_ty,
            ) -> Result<Option<(Region, #read)>, rt::Failures<Region, #error_body>> {
                self.regions
                    .find(|client| {
                        #id_copy
                        async move { client.#handle().get(#id_pass).await }
                    })
                    .await
            }
        }
    }
}
