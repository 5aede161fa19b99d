//! Hostile templates and inputs too large to keep as fixture files, built here in code: each ends
//! in its exact limit error (kind, message naming the limit's flag, line:column) on a 1 MiB stack.

use apigw_vtl::gateway::{self, Event};
use apigw_vtl::{ErrorKind, Limits, RenderOptions, Template};

/// What a render ended with: the output, or the error's kind, message and line:column.
type Outcome = Result<String, (ErrorKind, String, Option<(u32, u32)>)>;

/// A JSON body nested 100,000 levels deep.
fn deep_json() -> String {
    format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))
}

/// Runs `work` on a thread with a 1 MiB stack (a browser's wasm stack), so any recursion that
/// grows with the input overflows here rather than passing on a test thread's larger stack.
fn on_small_stack(work: impl FnOnce() -> apigw_vtl::Result<String> + Send + 'static) -> Outcome {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            work().map_err(|e| {
                (
                    e.kind(),
                    e.message().to_string(),
                    e.span().map(|s| (s.line, s.column)),
                )
            })
        })
        .expect("thread starts")
        .join()
        .expect("no stack overflow")
}

fn render_velocity(template: String, limits: Limits) -> Outcome {
    on_small_stack(move || {
        let options = RenderOptions {
            limits,
            ..RenderOptions::default()
        };
        Template::parse("hostile.vtl", &template)?.render_json(&serde_json::Map::new(), &options)
    })
}

fn render_gateway(template: String, body: String) -> Outcome {
    on_small_stack(move || {
        let event = Event::from_json(&serde_json::json!({ "body": body }))?;
        let template = Template::parse("hostile.vtl", &template)?;
        gateway::render_request(&template, &event, &RenderOptions::apigateway()).map(|r| r.output)
    })
}

fn limit_error(message: &str, line: u32, column: u32) -> Outcome {
    Err((ErrorKind::Limit, message.to_string(), Some((line, column))))
}

const NESTING: &str =
    "brackets and blocks nest deeper than 64 levels here (limit --max-nesting 64)";

#[test]
fn nested_parentheses_stop_at_the_nesting_limit() {
    let template = format!("#set($x = {}1{})", "(".repeat(100_000), ")".repeat(100_000));
    // `#set(` opens one level, so the 64th `(` of the expression is the 65th level.
    assert_eq!(
        render_velocity(template, Limits::default()),
        limit_error(NESTING, 1, 74)
    );
}

#[test]
fn nested_if_blocks_stop_at_the_nesting_limit() {
    let template = format!("{}x{}", "#if(true)".repeat(100_000), "#end".repeat(100_000));
    assert_eq!(
        render_velocity(template, Limits::default()),
        limit_error(NESTING, 1, 571)
    );
}

#[test]
fn nested_list_literals_stop_at_the_nesting_limit() {
    let template = format!("#set($x = {}{})", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        render_velocity(template, Limits::default()),
        limit_error(NESTING, 1, 74)
    );
}

#[test]
fn a_lower_nesting_limit_is_checked_at_render_time_too() {
    let limits = Limits {
        max_nesting: 3,
        ..Limits::default()
    };
    assert_eq!(
        render_velocity("#if(true)\n  #set($x = [[1]])#end".to_string(), limits),
        limit_error(
            "brackets and blocks nest deeper than 3 levels here (limit --max-nesting 3)",
            2,
            14
        )
    );
}

#[test]
fn a_macro_calling_itself_stops_at_the_macro_depth() {
    assert_eq!(
        render_velocity("#macro(m)#m()#end\n#m()".to_string(), Limits::default()),
        limit_error(
            "Max calling depth of 20 was exceeded in macro 'm' (limit --max-macro-depth 20)",
            1,
            10
        )
    );
}

#[test]
fn a_string_doubling_in_a_loop_stops_at_the_output_size() {
    let template = "#set($a = \"ab\")\n#foreach($i in [1..100])#set($a = \"$a$a\")#end$a.length()";
    assert_eq!(
        render_velocity(template.to_string(), Limits::default()),
        limit_error(
            "output exceeds 16777216 bytes (limit --max-output-bytes 16777216)",
            2,
            40
        )
    );
}

#[test]
fn a_range_up_to_int_max_stops_at_the_range_size() {
    assert_eq!(
        render_velocity(
            "#set($r = [1..2147483647])$r.size()".to_string(),
            Limits::default()
        ),
        limit_error(
            "range [1..2147483647] has 2147483647 items (limit --max-range-items 10000000)",
            1,
            11
        )
    );
}

#[test]
fn a_runaway_loop_stops_when_its_fuel_runs_out() {
    let limits = Limits {
        fuel: Some(10_000),
        ..Limits::default()
    };
    assert_eq!(
        render_velocity(
            "#foreach($i in [1..1000000])\n#set($x = $i)#end".to_string(),
            limits
        ),
        limit_error(
            "evaluation stopped after 10000 steps (a runaway loop or recursion?) (limit --max-fuel 10000)",
            2,
            1
        )
    );
}

#[test]
fn an_evaluate_of_itself_stops_at_the_evaluate_depth_and_points_into_the_template() {
    // The error arises inside evaluated text; it is reported at the `#evaluate` of the template.
    let template = "#set($s = '#evaluate($s)')\n  #evaluate($s)";
    assert_eq!(
        render_velocity(template.to_string(), Limits::default()),
        limit_error(
            "#evaluate nested deeper than 16 levels (limit --max-evaluate-depth 16)",
            2,
            3
        )
    );
}

#[test]
fn evaluated_text_obeys_the_nesting_limit() {
    // The brackets appear only once `$o` is interpolated, so the template itself nests little.
    let template = "#set($o = '[')#set($deep = \"$o$o$o${o}1]]]]\")#evaluate($deep)";
    let limits = Limits {
        max_nesting: 3,
        ..Limits::default()
    };
    let result = render_velocity(template.to_string(), limits);
    assert_eq!(
        result,
        Err((
            ErrorKind::Limit,
            "brackets and blocks nest deeper than 3 levels here (limit --max-nesting 3)"
                .to_string(),
            // Line and column inside the evaluated text, whose excerpt the error carries.
            Some((1, 4))
        ))
    );
}

#[test]
fn foreach_stops_at_api_gateways_quota() {
    assert_eq!(
        render_gateway(
            "#foreach($i in [1..2000])#end".to_string(),
            "{}".to_string()
        ),
        limit_error(
            "#foreach stopped: more than 1000 iterations (limit --max-foreach-iterations 1000)",
            1,
            1
        )
    );
}

/// json-smart would recurse until Java's stack overflows; the engine stops at 512 levels and
/// reports the StackOverflowError Java would throw, at the call that parsed the body.
fn json_too_deep(column: u32) -> Outcome {
    Err((
        ErrorKind::Render,
        "java.lang.StackOverflowError: JSON nested deeper than 512 levels".to_string(),
        Some((1, column)),
    ))
}

#[test]
fn a_deeply_nested_body_fails_in_input_json() {
    assert_eq!(
        render_gateway("$input.json('$')".to_string(), deep_json()),
        json_too_deep(8)
    );
}

#[test]
fn a_deeply_nested_body_fails_in_input_path() {
    assert_eq!(
        render_gateway("$input.path('$')".to_string(), deep_json()),
        json_too_deep(8)
    );
}

#[test]
fn a_deeply_nested_body_fails_in_parse_json() {
    assert_eq!(
        render_gateway("$util.parseJson($input.body)".to_string(), deep_json()),
        json_too_deep(7)
    );
    let objects = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    assert_eq!(
        render_gateway("$util.parseJson($input.body)".to_string(), objects),
        json_too_deep(7)
    );
}

#[test]
fn a_jsonpath_of_100000_segments_stops_at_the_jsonpath_depth() {
    let message = "the JSONPath has 100000 segments (limit --max-jsonpath-depth 1024)";
    let names = format!("$input.json('${}')", ".a".repeat(100_000));
    assert_eq!(
        render_gateway(names, "{}".to_string()),
        limit_error(message, 1, 8)
    );
    let indexes = format!("$input.path('${}')", "[0]".repeat(100_000));
    assert_eq!(
        render_gateway(indexes, "[]".to_string()),
        limit_error(message, 1, 8)
    );
}

#[test]
fn a_payload_over_ten_megabytes_is_refused() {
    let body = "x".repeat(10 * 1024 * 1024 + 1);
    assert_eq!(
        render_gateway("$input.body.length()".to_string(), body),
        Err((
            ErrorKind::Limit,
            "the payload has 10485761 bytes, more than 10485760 (limit --max-body-bytes 10485760)"
                .to_string(),
            None
        ))
    );
}

#[test]
fn a_template_over_300_kilobytes_is_refused_where_it_passes_the_quota() {
    let template = format!(
        "{}\n{}",
        "#* comment *#".repeat(1000),
        "a".repeat(300 * 1024)
    );
    let expected = limit_error(
        "the template has 320201 bytes, more than 307200 (limit --max-template-bytes 307200)",
        2,
        294_200,
    );
    // When rendering as API Gateway, and before parsing when parsed under its limits.
    assert_eq!(render_gateway(template.clone(), "{}".to_string()), expected);
    let parsed = on_small_stack(move || {
        Template::parse_with_limits(
            "hostile.vtl",
            &template,
            &RenderOptions::apigateway().limits,
        )
        .map(|_| String::new())
    });
    assert_eq!(parsed, expected);
}

fn error_of(template: &str) -> (ErrorKind, String) {
    match render_velocity(template.to_string(), Limits::default()) {
        Ok(output) => panic!("{template} rendered {output:?}"),
        Err((kind, message, _)) => (kind, message),
    }
}

#[test]
fn reflection_through_class_is_refused_with_an_explicit_error() {
    // Stock Velocity 1.7 answers all of these (`forName` reaches java.lang.Runtime); the engine
    // allows only a Class's names, as Velocity's SecureIntrospectorImpl does, and says so.
    for (template, method) in [
        ("$x.getClass().forName('java.lang.Runtime')", "forName"),
        ("$x.class.forName('java.lang.System')", "forName"),
        ("$x.class.classLoader", "getClassLoader"),
        ("$x.getClass().getClassLoader()", "getClassLoader"),
        ("$x.class.protectionDomain", "getProtectionDomain"),
        ("$x.class.getMethods()", "getMethods"),
        ("$x.class.getDeclaredField('value')", "getDeclaredField"),
        ("$x.class.newInstance()", "newInstance"),
        ("$!x.class.classLoader", "getClassLoader"),
    ] {
        let template = format!("#set($x = 'a'){template}");
        assert_eq!(
            error_of(&template),
            (
                ErrorKind::Render,
                format!("java.lang.Class.{method}() is refused: templates may not use reflection")
            ),
            "{template}"
        );
    }
}

#[test]
fn a_class_name_stays_readable() {
    assert_eq!(
        render_velocity(
            "#set($x = [])$x.class $x.getClass().name $x.class.simpleName $x.class.package.name"
                .to_string(),
            Limits::default()
        ),
        Ok("class java.util.ArrayList java.util.ArrayList ArrayList java.util".to_string())
    );
}

#[test]
fn include_and_parse_are_not_available() {
    for directive in ["#include", "#parse"] {
        let template = format!("{directive}('/etc/hostname')");
        assert_eq!(
            error_of(&template),
            (
                ErrorKind::Unsupported,
                format!("{directive} is not available in API Gateway mapping templates")
            )
        );
    }
}

/// Every way a template might name a file, an environment variable or a host: none may bring
/// back what the file or the variable holds, whether the template renders or fails.
#[test]
fn no_file_environment_or_network_access_is_reachable() {
    let secret = format!("apigw-vtl-secret-{}", std::process::id());
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("secret.txt");
    std::fs::write(&file, &secret).expect("write the secret file");
    let file = file.display().to_string();
    // Children inherit it; so would a template that could read the environment.
    std::env::set_var("APIGW_VTL_SECRET", &secret);
    let attempts = [
        format!("#include('{file}')"),
        format!("#parse('{file}')"),
        format!("#evaluate(\"#include('{file}')\")"),
        "#set($x = '')$x.class.forName('java.io.FileReader')".to_string(),
        format!("#set($x = '')$x.class.getResource('{file}')"),
        "#set($x = '')$x.class.forName('java.lang.System').getenv('APIGW_VTL_SECRET')".to_string(),
        "#set($x = '')$x.class.forName('java.lang.Runtime').getRuntime().exec('env')".to_string(),
        "$env.APIGW_VTL_SECRET $System.getenv('APIGW_VTL_SECRET') $context.env".to_string(),
        "#set($u = 'http://127.0.0.1:9/')$u.class.forName('java.net.URL')".to_string(),
        format!("$input.body $input.path('{file}') $input.json('$')"),
    ];
    for template in attempts {
        let event = serde_json::json!({"body": "{}"});
        let outcome = on_small_stack({
            let template = template.clone();
            move || {
                let event = Event::from_json(&event)?;
                let template = Template::parse("attempt.vtl", &template)?;
                gateway::render_request(&template, &event, &RenderOptions::apigateway())
                    .map(|r| r.output)
            }
        });
        let shown = match outcome {
            Ok(output) => output,
            Err((_, message, _)) => message,
        };
        assert!(
            !shown.contains(&secret),
            "{template} revealed the secret: {shown}"
        );
    }
}

/// Found by the `invariants` fuzz target, whose own line counting was wrong: Velocity ends a line
/// at a lone `\r` too, and a span that starts on the `\n` of a `\r\n` is still on the line the
/// `\r` ends.
#[test]
fn error_positions_count_lines_as_velocity_does() {
    let position = |template: &str| {
        render_velocity(template.to_string(), Limits::default())
            .err()
            .and_then(|(_, _, position)| position)
    };
    assert_eq!(
        position("[#foa\rreach($I in)x#end].b\n\r\n\r\n"),
        Some((2, 15))
    );
    assert_eq!(position("#f#ndie( \r\ny\r\n"), Some((2, 3)));
}

/// Unclosed calls, lists and indexes nested 60 levels deep: each level is parsed once, so these
/// end in a syntax error at once (they took time doubling with every level before).
#[test]
fn unclosed_nesting_is_parsed_once_per_level() {
    // (repeated unit, repetitions, column of the error): 60 levels, under the nesting limit.
    for (unit, count, column) in [
        ("$u.f($i.p(", 30, 312),
        ("[$a.f(", 30, 192),
        ("$a.f([", 30, 192),
        ("$a.f($b[", 30, 252),
        ("$!{a.f([", 20, 172),
    ] {
        let template = format!("#set($b = {}$x", unit.repeat(count));
        let Err((kind, _, position)) = render_velocity(template, Limits::default()) else {
            panic!("{unit}: an unclosed template rendered");
        };
        assert_eq!(kind, ErrorKind::Syntax, "{unit}");
        assert_eq!(position, Some((1, column)), "{unit}");
    }
    let indexes = "$a[".repeat(60) + "$x";
    let Err((kind, _, position)) = render_velocity(indexes, Limits::default()) else {
        panic!("unclosed indexes rendered");
    };
    assert_eq!((kind, position), (ErrorKind::Syntax, Some((1, 4))));
}
