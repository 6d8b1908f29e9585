//! `regions.rs` (only when the spec lists servers): the servers as an enum, plus the builder
//! shortcut that picks one, and the multi-region client.

use super::{doc, ident};
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn emit(api: &Api) -> TokenStream {
    let variants = api.servers.iter().map(|s| {
        let v = ident(&s.variant);
        let d = s.description.as_deref().map(doc).unwrap_or_default();
        let url = format!(" `{}`", s.url);
        quote!(#d #[doc = ""] #[doc = #url] #v,)
    });
    let all = api.servers.iter().map(|s| {
        let v = ident(&s.variant);
        quote!(Region::#v)
    });
    let urls = api.servers.iter().map(|s| {
        let v = ident(&s.variant);
        let url = &s.url;
        quote!(Region::#v => #url,)
    });
    let names = api.servers.iter().map(|s| {
        let v = ident(&s.variant);
        let name = &s.name;
        quote!(Region::#v => #name,)
    });
    let count = api.servers.len();
    let multi_region = super::multi_region::emit(api);
    quote! {
        //! The servers of the spec, as regions to pick on the client builder.

        /// A server (regional endpoint) of the API.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Region {
            #(#variants)*
        }

        impl Region {
            /// Every region, in the order of the spec.
            pub const ALL: [Region; #count] = [#(#all),*];

            /// The base URL of the region's endpoint.
            pub fn url(self) -> &'static str {
                match self { #(#urls)* }
            }

            /// The short name that tells the regions apart (as in their URLs).
            pub fn name(self) -> &'static str {
                match self { #(#names)* }
            }
        }

        impl std::fmt::Display for Region {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        /// A region by its short name (`de-fra`) or as a config file's `location` writes
        /// it (`de/fra`), in any case.
        impl std::str::FromStr for Region {
            type Err = UnknownRegion;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                let wanted = value.trim().replace('/', "-");
                Region::ALL
                    .into_iter()
                    .find(|r| r.name().eq_ignore_ascii_case(&wanted))
                    .ok_or_else(|| UnknownRegion(value.to_string()))
            }
        }

        /// A region name that is not one of the spec's servers.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct UnknownRegion(pub String);

        impl std::fmt::Display for UnknownRegion {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "unknown region {:?}", self.0)
            }
        }

        impl std::error::Error for UnknownRegion {}

        impl super::ClientBuilder {
            /// Sends requests to `region`: the config file's endpoint for its location when
            /// `from_env` read one, else the region's own URL. An explicit `base_url` or the
            /// environment's URL still win.
            pub fn region(self, region: Region) -> Self {
                self.location(region.name(), region.url())
            }
        }

        #multi_region
    }
}
