//! `apigw-vtl bench TEMPLATE (--vars V | --event E [--integration-response R])`: parses once, renders
//! many times after a warm-up, and reports per-render times; the last line is `render_us_median=N`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use apigw_vtl::gateway::{self, Event, IntegrationResponse};
use apigw_vtl::{RenderOptions, Template};

use super::input::{read_json_object, read_text};
use super::{Outcome, UsageError};

/// Arguments of `bench`.
#[derive(clap::Args)]
pub struct Args {
    /// The template file.
    template: PathBuf,
    /// Variables for a stock Velocity render.
    #[arg(long, value_name = "VARS.json", conflicts_with = "event")]
    vars: Option<PathBuf>,
    /// An API Gateway REST proxy event (renders as API Gateway does).
    #[arg(long, value_name = "EVENT.json")]
    event: Option<PathBuf>,
    /// The integration response, for a response template.
    #[arg(long, value_name = "RESPONSE.json", requires = "event")]
    integration_response: Option<PathBuf>,
    /// Timed renders.
    #[arg(long, default_value_t = 1000)]
    iterations: usize,
    /// Untimed renders first.
    #[arg(long, default_value_t = 100)]
    warmup: usize,
    /// Lift API Gateway's quotas (1000 `#foreach` iterations), to time templates beyond them.
    #[arg(long)]
    without_quotas: bool,
    /// `human` or `json`.
    #[arg(long, default_value = "human")]
    format: String,
}

pub fn run(args: Args) -> Result<Outcome, UsageError> {
    if args.iterations == 0 {
        return Err(UsageError("--iterations must be at least 1".to_string()));
    }
    let text = read_text(&args.template)?;
    let name = args.template.display().to_string();
    let parse_start = Instant::now();
    let template = Template::parse(&name, &text).map_err(|e| UsageError(e.render()))?;
    let parse_us = parse_start.elapsed().as_secs_f64() * 1e6;

    let render: Box<dyn Fn() -> Result<String, apigw_vtl::Error>> = match &args.event {
        None => {
            let vars = match &args.vars {
                Some(path) => read_json_object(path)?,
                None => serde_json::Map::new(),
            };
            let options = RenderOptions::default();
            let template = template.clone();
            Box::new(move || template.render_json(&vars, &options))
        }
        Some(path) => {
            let json = serde_json::Value::Object(read_json_object(path)?);
            let event = Event::from_json(&json)
                .map_err(|e| UsageError(format!("{}: {}", path.display(), e.message())))?;
            let mut options = RenderOptions::apigateway();
            if args.without_quotas {
                options.limits.max_foreach_iterations = None;
            }
            let response =
                match &args.integration_response {
                    Some(path) => {
                        let json = serde_json::Value::Object(read_json_object(path)?);
                        Some(IntegrationResponse::from_json(&json).map_err(|e| {
                            UsageError(format!("{}: {}", path.display(), e.message()))
                        })?)
                    }
                    None => None,
                };
            let template = template.clone();
            Box::new(move || {
                match &response {
                    Some(r) => gateway::render_response(&template, &event, r, None, &options),
                    None => gateway::render_request(&template, &event, &options),
                }
                .map(|r| r.output)
            })
        }
    };

    let output = render().map_err(|e| UsageError(e.render()))?;
    for _ in 0..args.warmup {
        black_box(render().map_err(|e| UsageError(e.render()))?);
    }
    let mut times: Vec<f64> = Vec::with_capacity(args.iterations);
    for _ in 0..args.iterations {
        let start = Instant::now();
        let out = render();
        times.push(start.elapsed().as_secs_f64() * 1e6);
        black_box(out.map_err(|e| UsageError(e.render()))?);
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| -> f64 {
        let index = ((times.len() - 1) as f64 * q).round() as usize;
        times.get(index).copied().unwrap_or(0.0)
    };
    let (p10, median, p90) = (at(0.1), at(0.5), at(0.9));
    if args.format == "json" {
        let report = serde_json::json!({
            "template": name,
            "iterations": args.iterations,
            "parse_us": parse_us,
            "render_us": {"p10": p10, "median": median, "p90": p90},
            "output_bytes": output.len(),
        });
        println!("{report}");
    } else {
        println!("template      {name}");
        println!("parse         {parse_us:.1} µs");
        println!("render        median {median:.2} µs   p10 {p10:.2} µs   p90 {p90:.2} µs   ({} renders after {} warm-up)", args.iterations, args.warmup);
        println!("output        {} bytes", output.len());
    }
    println!("render_us_median={median:.2}");
    Ok(Outcome::Success)
}
