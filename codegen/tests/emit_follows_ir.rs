//! Emit renders what resolve decided and never decides again: each decision recorded in the IR
//! (builders, a handle's `list()` and its `skip`, its parents' names, waits and the item kind
//! they name (a wait helper's too), accepted writes
//! and deletes, hidden helpers, setter names, the multi-region handles, the values the fake
//! derives, where it finds the parts of answers and bodies, the paths it routes, the codes
//! its writes answer and the lifecycle states it reports) is flipped here, and the emitted
//! code must follow it.
//! A decision emit recomputed from the spec would ignore the flip and fail its test.

mod common;

use codegen::emit::{emit_file, OutputFile};
use codegen::ir::{Api, Builder, Resource, WaitId};

fn vpn_api() -> Api {
    let (spec, overlay) = common::bundled_spec();
    let doc = codegen::load::load(&spec, Some(&overlay)).expect("the bundled spec loads");
    codegen::resolve::resolve(&doc).expect("the bundled spec resolves")
}

fn text(api: &Api, file: OutputFile) -> String {
    // Token text: `pub fn list` reads `pub fn list (`; compare without spaces.
    emit_file(api, file).to_string().replace(' ', "")
}

fn tunnels(api: &mut Api) -> &mut Resource {
    api.resources
        .values_mut()
        .find(|r| r.type_name == "IpSecTunnels")
        .expect("the IPSec tunnel handle")
}

#[test]
fn a_builder_exists_where_the_ir_records_one_with_its_names() {
    let mut api = vpn_api();
    let (name, builder) = api
        .builders
        .iter()
        .next()
        .map(|(n, b)| (n.clone(), b.clone()))
        .expect("the VPN models have builders");
    assert!(text(&api, OutputFile::Models).contains(&format!("pubstruct{}", builder.name)));

    api.builders.remove(&name);
    assert!(!text(&api, OutputFile::Models).contains(&format!("pubstruct{}", builder.name)));

    let renamed = Builder {
        name: "ChosenByResolve".into(),
        setters: builder.setters.iter().map(|s| format!("set_{s}")).collect(),
    };
    api.builders.insert(name, renamed.clone());
    let models = text(&api, OutputFile::Models);
    assert!(models.contains("pubstructChosenByResolve"));
    assert!(models.contains(&format!("pubfn{}(", renamed.setters[0])));
}

#[test]
fn a_handle_has_list_only_with_a_list_request_named_as_recorded() {
    let mut api = vpn_api();
    assert!(text(&api, OutputFile::Resources).contains("pubstructIpSecTunnelsList<"));

    let request = tunnels(&mut api).list_request.as_mut().expect("a list()");
    request.type_name = "TunnelListing".into();
    let setter = request.setters[0].clone();
    request.setters[0] = format!("narrow_by_{setter}");
    let resources = text(&api, OutputFile::Resources);
    assert!(resources.contains("pubstructTunnelListing<"));
    assert!(resources.contains(&format!("pubfnnarrow_by_{setter}(")));

    tunnels(&mut api).list_request = None;
    assert!(!text(&api, OutputFile::Resources).contains("pubstructTunnelListing<"));
}

#[test]
fn a_list_request_can_skip_a_count_only_where_the_ir_records_it() {
    let mut api = vpn_api();
    let has = |api: &Api, name: &str| {
        text(api, OutputFile::Resources).contains(&format!("pubfn{name}(mutself,count:usize)"))
    };
    assert!(has(&api, "skip"));

    let set_every = |api: &mut Api, skip: Option<&str>| {
        for resource in api.resources.values_mut() {
            if let Some(request) = resource.list_request.as_mut() {
                request.skip = skip.map(str::to_string);
            }
        }
    };
    set_every(&mut api, Some("resume_after"));
    assert!(has(&api, "resume_after"));
    assert!(!has(&api, "skip"));

    set_every(&mut api, None);
    assert!(!has(&api, "resume_after") && !has(&api, "skip"));
    assert!(!text(&api, OutputFile::Resources).contains("rt::skip_to"));
}

#[test]
fn waits_accepted_writes_and_deletes_follow_the_resource() {
    let mut api = vpn_api();
    let handle_of = |api: &Api| {
        let resources = text(api, OutputFile::Resources);
        let start = resources
            .find("impl<'a>IpSecTunnels<'a>")
            .expect("the handle's methods");
        let end = resources[start..]
            .find("pubstructIpSecTunnelsList")
            .map_or(resources.len(), |end| start + end);
        resources[start..end].to_string()
    };
    let before = handle_of(&api);
    assert!(before.contains("pubasyncfnwait_until_ready("));
    assert!(before.contains("rt::Deleting<"));
    assert!(before.contains("rt::Accepted<"));
    assert!(before.contains("pubasyncfncreate_idempotent("));

    let r = tunnels(&mut api);
    r.waits = false;
    r.delete.as_mut().expect("a delete").deleting = false;
    for envelope in [r.create.as_mut(), r.ensure.as_mut()].into_iter().flatten() {
        envelope.accepted = None;
    }
    r.create_idempotent = false;
    r.item_kind = "KindChosenByResolve".into();
    let after = handle_of(&api);
    assert!(!after.contains("wait_until_ready("), "{after}");
    assert!(!after.contains("rt::Deleting<"));
    assert!(!after.contains("rt::Accepted<"));
    assert!(!after.contains("create_idempotent("));

    let r = tunnels(&mut api);
    r.waits = true;
    r.create.as_mut().expect("a create").accepted = Some(WaitId::Argument);
    let after = handle_of(&api);
    assert!(
        after.contains("\"KindChosenByResolve\""),
        "the waits name the item kind"
    );
    assert!(
        after.contains("(self.client.clone(),tunnel_id)"),
        "an accepted create waits on the id it was told to"
    );
}

#[test]
fn hidden_helpers_and_every_region_handles_are_as_recorded() {
    let mut api = vpn_api();
    // A helper a handle covers is the handle's (`pub(crate)`), its waits are not generated.
    let covered = text(&api, OutputFile::Operations);
    assert!(covered.contains("pub(crate)fnipsecgateways_get_pages("));
    assert!(!covered.contains("fnipsecgateways_find_by_id_until_ready("));
    assert!(!covered.contains("#[doc(hidden)]"));
    api.hidden_helpers.clear();
    let uncovered = text(&api, OutputFile::Operations);
    assert!(uncovered.contains("pubfnipsecgateways_get_pages("));
    assert!(uncovered.contains("pubasyncfnipsecgateways_find_by_id_until_ready("));

    let regions = text(&api, OutputFile::Regions);
    assert!(regions.contains("pubstructMultiRegionIpSecGateways"));
    for r in api.resources.values_mut() {
        r.every_region = false;
    }
    assert!(!text(&api, OutputFile::Regions).contains("pubstructMultiRegionIpSecGateways"));
}

#[test]
fn a_wait_helper_names_the_item_kind_the_ir_records_as_its_handle_does() {
    let mut api = vpn_api();
    // Resolve calls an item alike in a handle's waits and in a wait helper over the same read.
    for r in api.resources.values() {
        let get = r.get.as_ref().and_then(|g| api.operations.get(g));
        let Some(wait) = get.and_then(|op| op.wait.as_ref()) else {
            continue;
        };
        assert_eq!(wait.kind, r.item_kind, "{}", r.type_name);
    }
    assert_eq!(tunnels(&mut api).item_kind, "IpSecTunnel");
    api.hidden_helpers.clear();
    let get = tunnels(&mut api).get.clone().expect("a get");
    let op = api.operations.get_mut(&get).expect("the get operation");
    op.wait.as_mut().expect("a wait").kind = "KindChosenByResolve".into();
    let helpers = text(&api, OutputFile::Operations);
    assert!(
        helpers.contains("rt::ResourceRef::new(\"KindChosenByResolve\""),
        "the wait helper names the recorded kind"
    );
}

#[test]
fn the_fake_computes_the_values_the_ir_records_as_derived() {
    let mut api = vpn_api();
    assert!(text(&api, OutputFile::Testkit).contains("crate::wireguard::public_key_of(value)"));

    let gateways = api
        .resources
        .values_mut()
        .find(|r| !r.derived.is_empty())
        .expect("the WireGuard gateways' public key is derived");
    gateways.derived[0].function = vec!["chosen".into(), "by_resolve".into()];
    gateways.derived[0].to = vec!["elsewhere".into()];
    let testkit = text(&api, OutputFile::Testkit);
    assert!(testkit.contains("chosen::by_resolve(value)"), "{testkit}");
    assert!(testkit.contains("to:&[\"elsewhere\"]"));
    assert!(!testkit.contains("public_key_of"));

    for r in api.resources.values_mut() {
        r.derived.clear();
    }
    assert!(!text(&api, OutputFile::Testkit).contains("rt::testkit::Derived"));
}

/// The fake's model of the tunnels (`rt::testkit::Kind { .. }` up to the next kind), token
/// text without spaces.
fn tunnel_kind(api: &Api) -> String {
    let testkit = text(api, OutputFile::Testkit);
    let start = testkit
        .find("name:\"IpSecTunnel\"")
        .expect("the tunnels' kind");
    let end = testkit[start..]
        .find("rt::testkit::Kind{")
        .map_or(testkit.len(), |end| start + end);
    testkit[start..end].to_string()
}

#[test]
fn the_fake_reads_and_fills_in_answers_where_the_ir_records_their_parts() {
    let mut api = vpn_api();
    let before = tunnel_kind(&api);
    for part in [
        "id:&[\"id\"]",
        "href:Some(&[\"href\"])",
        "properties:&[\"properties\"]",
        "status:Some(&[\"metadata\",\"status\"])",
        "message:Some(&[\"metadata\",\"statusMessage\"])",
        "items:&[\"items\"]",
        "offset:Some(&[\"offset\"])",
        "limit:Some(&[\"limit\"])",
        "next:Some(&[\"_links\",\"next\"])",
        "previous:Some(&[\"_links\",\"prev\"])",
        "this:Some(&[\"_links\",\"self\"])",
    ] {
        assert!(before.contains(part), "{part} in {before}");
    }

    let r = tunnels(&mut api);
    let wire = &mut r.fake;
    wire.id = vec!["key".into()];
    wire.href = None;
    wire.properties = vec!["spec".into()];
    wire.status = Some(vec!["state".into()]);
    wire.message = None;
    let page = wire.page.as_mut().expect("the tunnels' list has pages");
    page.items = vec!["entries".into()];
    page.offset = None;
    page.limit = Some(vec!["meta".into(), "size".into()]);
    page.next = Some(vec!["links".into(), "after".into()]);
    page.previous = None;
    page.this = Some(vec!["links".into(), "here".into()]);
    let ensure = r.ensure.as_mut().expect("an ensure");
    ensure.properties_wire = vec!["body".into()];
    ensure.id_wire = Some(vec!["name".into()]);
    let after = tunnel_kind(&api);
    for part in [
        "id:&[\"key\"]",
        "href:None",
        "properties:&[\"spec\"]",
        "status:Some(&[\"state\"])",
        "message:None",
        "items:&[\"entries\"]",
        "offset:None",
        "limit:Some(&[\"meta\",\"size\"])",
        "next:Some(&[\"links\",\"after\"])",
        "previous:None",
        "this:Some(&[\"links\",\"here\"])",
        "properties:&[\"body\"],id:Some(&[\"name\"])",
    ] {
        assert!(after.contains(part), "{part} in {after}");
    }

    tunnels(&mut api).fake.page = None;
    assert!(tunnel_kind(&api).contains("page:None"));

    let shape = api.error_shape.as_mut().expect("the VPN error body");
    assert_eq!(shape.status_wire, Some(vec!["httpStatus".to_string()]));
    shape.status_wire = Some(vec!["code".into()]);
    let testkit = text(&api, OutputFile::Testkit);
    assert!(
        testkit.contains("status:Some(&[\"code\"]),messages:"),
        "{testkit}"
    );
}

#[test]
fn a_handle_s_parents_are_its_fields_as_named_in_the_ir() {
    let mut api = vpn_api();
    let resources = text(&api, OutputFile::Resources);
    assert!(resources.contains("gateway_id:uuid::Uuid,"));
    tunnels(&mut api).parents[0].name = "chosen_by_resolve".into();
    let resources = text(&api, OutputFile::Resources);
    assert!(resources.contains("chosen_by_resolve:uuid::Uuid,"));
    assert!(resources.contains("ipsecgateways_tunnels_find_by_id(self.chosen_by_resolve,"));
}

#[test]
fn the_fake_routes_answers_and_reports_states_as_the_ir_records() {
    let mut api = vpn_api();
    let before = tunnel_kind(&api);
    for part in [
        "collection:\"/ipsecgateways/{gatewayId}/tunnels\"",
        "item:\"/ipsecgateways/{gatewayId}/tunnels/{tunnelId}\"",
        "id:None,created:201,replaced:201",
        "id:Some(&[\"id\"]),created:201,replaced:200",
        "status:202",
    ] {
        assert!(before.contains(part), "{part} in {before}");
    }
    let states = "rt::testkit::States{busy:Some(\"PROVISIONING\"),ready:Some(\"AVAILABLE\"),\
                  failed:Some(\"FAILED\"),deleting:Some(\"DESTROYING\"),}";
    assert!(text(&api, OutputFile::Testkit).contains(states));

    let resource = tunnels(&mut api);
    resource.fake.collection = "/chosen".into();
    resource.fake.item = "/chosen/{by}".into();
    let status = |created, replaced| codegen::ir::WriteStatus { created, replaced };
    resource.create.as_mut().expect("a create").fake_status = status(299, 298);
    resource.ensure.as_mut().expect("an ensure").fake_status = status(297, 296);
    resource.delete.as_mut().expect("a delete").fake_status = 204;
    let after = tunnel_kind(&api);
    for part in [
        "collection:\"/chosen\"",
        "item:\"/chosen/{by}\"",
        "id:None,created:299,replaced:298",
        "id:Some(&[\"id\"]),created:297,replaced:296",
        "status:204",
    ] {
        assert!(after.contains(part), "{part} in {after}");
    }

    let states = api.fake_states.as_mut().expect("the VPN lifecycle");
    states.busy = Some("WARMING".into());
    states.deleting = None;
    let testkit = text(&api, OutputFile::Testkit);
    assert!(
        testkit.contains("busy:Some(\"WARMING\"),ready:Some(\"AVAILABLE\")"),
        "{testkit}"
    );
    assert!(testkit.contains("deleting:None,}"));
    api.fake_states = None;
    assert!(text(&api, OutputFile::Testkit).contains("states:Default::default()"));
}
