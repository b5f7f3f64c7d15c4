//! `#[derive(WriteJson)]`: an answer type written as JSON text by frontdesk's compact writer
//! (`frontdesk::jsonout`), byte for byte what `serde_json::to_string` of the same type with
//! `#[derive(Serialize)]` wrote, without serde's per-type machinery (a `Result` at every field, a
//! `SerializeMap::serialize_entry` instance per field type).
//!
//! The shape comes from the same `#[serde(...)]` attributes the types already carry (tsify reads
//! them for the TypeScript types, so the TS types and the JSON cannot drift apart). Only the ones
//! frontdesk uses are understood; any other is a compile error, never a silently different answer:
//! - container: `rename_all = "camelCase" | "snake_case" | "lowercase"`, `transparent`, `default`;
//! - field: `rename = "…"`, `skip`, `skip_serializing_if = "path"`, `default [= "…"]`;
//! - variant (unit variants only, written as strings): `rename = "…"`.
//!
//! Each field is one `out.field("key", &self.field)` of the base writer (`&dyn WriteJson`: one
//! small `write_json` per field type, no serializer instantiation per field).

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{parse_macro_input, Data, DeriveInput, Fields, LitStr};

#[proc_macro_derive(WriteJson, attributes(serde))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(input) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

#[derive(Default)]
struct Attrs {
    rename: Option<String>,
    rename_all: Option<String>,
    skip: bool,
    skip_if: Option<syn::ExprPath>,
    transparent: bool,
}

fn attrs(list: &[syn::Attribute]) -> syn::Result<Attrs> {
    let mut a = Attrs::default();
    for attr in list {
        if !attr.path().is_ident("serde") {
            continue;
        }
        attr.parse_nested_meta(|m| {
            if m.path.is_ident("rename") {
                a.rename = Some(m.value()?.parse::<LitStr>()?.value());
            } else if m.path.is_ident("rename_all") {
                let rule = m.value()?.parse::<LitStr>()?.value();
                if !matches!(rule.as_str(), "camelCase" | "snake_case" | "lowercase") {
                    return Err(m.error("WriteJson: rename_all rule not supported"));
                }
                a.rename_all = Some(rule);
            } else if m.path.is_ident("skip") {
                a.skip = true;
            } else if m.path.is_ident("skip_serializing_if") {
                a.skip_if = Some(m.value()?.parse::<LitStr>()?.parse()?);
            } else if m.path.is_ident("transparent") {
                a.transparent = true;
            } else if m.path.is_ident("default") {
                if m.input.peek(syn::Token![=]) {
                    m.value()?.parse::<LitStr>()?;
                }
            } else {
                return Err(
                    m.error("WriteJson: serde attribute not supported (see frontdesk-derive)")
                );
            }
            Ok(())
        })?;
    }
    Ok(a)
}

/// `Option::is_none` (however the path is spelled: `Option::is_none`, `std::option::Option::is_none`).
fn is_option_is_none(path: &syn::ExprPath) -> bool {
    let segs: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segs.len() >= 2 && segs[segs.len() - 2] == "Option" && segs[segs.len() - 1] == "is_none"
}

/// serde's `RenameRule::apply_to_field`.
fn field_name(ident: &str, rule: Option<&str>) -> String {
    let ident = ident.strip_prefix("r#").unwrap_or(ident);
    match rule {
        Some("camelCase") => {
            let (mut out, mut upper) = (String::new(), false);
            for ch in ident.chars() {
                if ch == '_' {
                    upper = true;
                } else if upper {
                    out.push(ch.to_ascii_uppercase());
                    upper = false;
                } else {
                    out.push(ch);
                }
            }
            out
        }
        _ => ident.to_string(),
    }
}

/// serde's `RenameRule::apply_to_variant`.
fn variant_name(ident: &str, rule: Option<&str>) -> String {
    match rule {
        Some("lowercase") => ident.to_ascii_lowercase(),
        Some("camelCase") => ident[..1].to_ascii_lowercase() + &ident[1..],
        Some("snake_case") => {
            let mut out = String::new();
            for (i, ch) in ident.char_indices() {
                if i > 0 && ch.is_uppercase() {
                    out.push('_');
                }
                out.push(ch.to_ascii_lowercase());
            }
            out
        }
        _ => ident.to_string(),
    }
}

fn expand(mut input: DeriveInput) -> syn::Result<Tokens> {
    let top = attrs(&input.attrs)?;
    let name = input.ident.clone();
    let params: Vec<syn::Ident> = input
        .generics
        .type_params()
        .map(|p| p.ident.clone())
        .collect();
    if !params.is_empty() {
        let wc = input.generics.make_where_clause();
        for p in params {
            wc.predicates
                .push(syn::parse_quote!(#p: crate::jsonout::WriteJson));
        }
    }
    let (impl_g, ty_g, where_c) = input.generics.split_for_impl();
    let body = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(fields) if !top.transparent => {
                let mut stmts = Vec::new();
                for f in &fields.named {
                    let fa = attrs(&f.attrs)?;
                    if fa.skip {
                        continue;
                    }
                    let ident = f.ident.as_ref().expect("named field");
                    let key = fa.rename.clone().unwrap_or_else(|| {
                        field_name(&ident.to_string(), top.rename_all.as_deref())
                    });
                    let write = quote!(out.field(#key, &self.#ident););
                    stmts.push(match &fa.skip_if {
                        // The value itself, not the `Option` around it: one `write_json` per
                        // value type serves both optional and plain fields.
                        Some(path) if is_option_is_none(path) => {
                            quote!(if let Some(v) = &self.#ident { out.field(#key, v); })
                        }
                        Some(path) => quote!(if !#path(&self.#ident) { #write }),
                        None => write,
                    });
                }
                quote!(out.open_obj(); #(#stmts)* out.close_obj();)
            }
            Fields::Named(fields) => {
                let live: Vec<_> = fields
                    .named
                    .iter()
                    .filter(|f| !attrs(&f.attrs).map(|a| a.skip).unwrap_or(false))
                    .collect();
                if live.len() != 1 {
                    return Err(syn::Error::new_spanned(
                        &name,
                        "WriteJson: transparent needs one field",
                    ));
                }
                let ident = live[0].ident.as_ref().expect("named field");
                quote!(crate::jsonout::WriteJson::write_json(&self.#ident, out);)
            }
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                quote!(crate::jsonout::WriteJson::write_json(&self.0, out);)
            }
            Fields::Unit => quote!(out.null();),
            Fields::Unnamed(_) => {
                return Err(syn::Error::new_spanned(
                    &name,
                    "WriteJson: tuple structs not supported",
                ))
            }
        },
        Data::Enum(e) => {
            let mut arms = Vec::new();
            for v in &e.variants {
                if !matches!(v.fields, Fields::Unit) {
                    return Err(syn::Error::new_spanned(
                        &v.ident,
                        "WriteJson: only unit variants (written as strings) are supported",
                    ));
                }
                let va = attrs(&v.attrs)?;
                let ident = &v.ident;
                let text = va
                    .rename
                    .clone()
                    .unwrap_or_else(|| variant_name(&ident.to_string(), top.rename_all.as_deref()));
                arms.push(quote!(Self::#ident => #text,));
            }
            if arms.is_empty() {
                quote!(match *self {})
            } else {
                quote!(out.str(match self { #(#arms)* });)
            }
        }
        Data::Union(_) => {
            return Err(syn::Error::new_spanned(
                &name,
                "WriteJson: unions not supported",
            ))
        }
    };
    Ok(quote! {
        impl #impl_g crate::jsonout::WriteJson for #name #ty_g #where_c {
            fn write_json(&self, out: &mut crate::jsonout::JsonOut) {
                #body
            }
        }
    })
}
