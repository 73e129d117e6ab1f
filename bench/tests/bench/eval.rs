//! The candle eval (`bench::eval`) on the real SmolLM2-135M fixture and a few items of the
//! demo sample: deterministic, label scores equal to the model's own logits read token by
//! token, batch-invariant, bad weights refused naming `weights`, cancel and progress.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use api::quality::{EvalProgress, EvalRequest, EvalSample, MatchRule, Task};
use bench::eval::{fill_template, render_chat, run_eval, score_labels, EvalRun};
use bench::gguf::{read_content, tokenizer};
use bench::weights::build_from_gguf;
use bench::BenchError;
use candle_core::{Device, Tensor};
use quality::sample::{read_sample, Sample, DEMO_SAMPLE};

use crate::common::fixture;

const SMOLLM2_SYSTEM: &str =
    "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n";

fn request(task: Task, batch_items: usize) -> EvalRequest {
    EvalRequest {
        weights: fixture().display().to_string(),
        sample: EvalSample::Demo,
        task,
        labels: None,
        template: None,
        chat_template: true,
        match_rule: None,
        max_new_tokens: 8,
        device: bench::DeviceName::Cpu,
        threads: None,
        batch_items,
        llm_quality: Some(0.9),
        min_quality: None,
        prices: None,
    }
}

/// The demo sample's first `n` items (its label set stays the demo's four).
fn demo(n: usize) -> Sample {
    let mut sample = read_sample(DEMO_SAMPLE.as_bytes(), Task::Classify, None).unwrap();
    sample.items.truncate(n);
    sample
}

fn run(request: &EvalRequest, sample: &Sample) -> Result<EvalRun, BenchError> {
    let cancel = AtomicBool::new(false);
    run_eval(
        request,
        Path::new(&request.weights),
        sample,
        "support-intent.jsonl (demo)",
        "test",
        &mut |_| {},
        &cancel,
    )
}

#[test]
fn the_fixtures_chat_template_renders_chatml_with_its_system_turn() {
    let path = fixture();
    let name = path.display().to_string();
    let mut file = std::fs::File::open(&path).unwrap();
    let content = read_content(&mut file, &name).unwrap();
    let Some(candle_core::quantized::gguf_file::Value::String(chat)) =
        content.metadata.get("tokenizer.chat_template")
    else {
        panic!("the fixture has a chat template")
    };
    let prompt = fill_template(
        "Pick one of {labels}.\n{input}\nAnswer:",
        "a, b",
        "Is {labels} here?",
    );
    assert_eq!(prompt, "Pick one of a, b.\nIs {labels} here?\nAnswer:");
    let rendered = render_chat(chat, &prompt, "<|im_start|>", "<|im_end|>").unwrap();
    // SmolLM2's template adds its system turn when the conversation has none.
    assert_eq!(
        rendered,
        format!("{SMOLLM2_SYSTEM}<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n")
    );
    // The special tokens in the text are the tokenizer's special tokens, one id each.
    let tok = tokenizer(&content, &name).unwrap();
    let ids = tok
        .encode(rendered.as_str(), false)
        .unwrap()
        .get_ids()
        .to_vec();
    let start = tok.token_to_id("<|im_start|>").unwrap();
    let end = tok.token_to_id("<|im_end|>").unwrap();
    assert_eq!(ids[0], start);
    assert_eq!(ids.iter().filter(|&&i| i == start).count(), 3);
    assert_eq!(ids.iter().filter(|&&i| i == end).count(), 2);
}

#[test]
fn two_runs_give_the_same_answers_and_confidences() {
    let sample = demo(6);
    let r = request(Task::Classify, 3);
    let first = run(&r, &sample).unwrap();
    let second = run(&r, &sample).unwrap();
    assert_eq!(first.answers, second.answers);
    assert_eq!(first.answers.len(), 6);
    for (answer, item) in first.answers.iter().zip(&sample.items) {
        assert_eq!(answer.line, item.line);
        assert!(sample.labels.contains(&answer.answer));
        assert_eq!(answer.correct, answer.answer == item.expected);
        assert!(answer.confidence >= 0.0 && answer.confidence.is_finite());
    }
    let repro = &first.reproducibility;
    assert_eq!(
        repro.weights_sha256,
        "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    );
    assert_eq!(repro.dtype, "q4_1");
    assert_eq!(repro.batch_items, 3);
    assert!(repro
        .chat_template
        .as_deref()
        .unwrap()
        .contains("<|im_start|>"));
    assert_eq!(repro.sample_sha256, sample.sha256);
    // Prompt tokens: every prompt once, plus each label's tokens after its first, per item.
    assert!(first.speed.prompt_tokens > 6 * 20);
    assert_eq!(first.speed.generated_tokens, 0);
    assert!(first.speed.items_per_second > 0.0);
}

/// log P(label | prompt) computed from the model's logits directly: the prompt then the
/// label fed one token at a time through the plain `forward` (batch 1, no padding, no cache
/// copies), each step's log-softmax written out by hand in f64.
fn hand_scores(content_path: &Path, prompt: &[u32], labels: &[Vec<u32>]) -> Vec<f64> {
    let name = content_path.display().to_string();
    let mut file = std::fs::File::open(content_path).unwrap();
    let content = read_content(&mut file, &name).unwrap();
    let mut decoder = build_from_gguf(&content, &mut file, &name, None, &Device::Cpu).unwrap();
    decoder.dequantize_weights().unwrap();
    let log_softmax = |logits: &Tensor| -> Vec<f64> {
        let x: Vec<f64> = logits
            .squeeze(0)
            .unwrap()
            .to_vec1::<f32>()
            .unwrap()
            .into_iter()
            .map(f64::from)
            .collect();
        let max = x.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let log_sum = x.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
        x.iter().map(|v| v - max - log_sum).collect()
    };
    labels
        .iter()
        .map(|label| {
            let mut cache = decoder.new_cache(1, prompt.len() + label.len()).unwrap();
            let mut logits = None;
            for &id in prompt {
                let input = Tensor::from_vec(vec![id], (1, 1), &Device::Cpu).unwrap();
                logits = Some(decoder.forward(&input, &mut cache).unwrap());
            }
            let mut total = 0.0;
            for (t, &id) in label.iter().enumerate() {
                total += log_softmax(logits.as_ref().unwrap())[id as usize];
                if t + 1 < label.len() {
                    let input = Tensor::from_vec(vec![id], (1, 1), &Device::Cpu).unwrap();
                    logits = Some(decoder.forward(&input, &mut cache).unwrap());
                }
            }
            total
        })
        .collect()
}

#[test]
fn label_scores_equal_the_models_logits_read_token_by_token() {
    let path = fixture();
    let name = path.display().to_string();
    // Two labels, two items (one billing, one shipping), the default template.
    let jsonl = "{\"input\": \"Please refund the remaining gift card balance.\", \"expected\": \"billing\"}\n\
                 {\"input\": \"My parcel has been 'out for delivery' for three days.\", \"expected\": \"shipping\"}\n";
    let labels = vec!["billing".to_string(), "shipping".to_string()];
    let sample = read_sample(jsonl.as_bytes(), Task::Classify, Some(&labels)).unwrap();
    let mut file = std::fs::File::open(&path).unwrap();
    let content = read_content(&mut file, &name).unwrap();
    let tok = tokenizer(&content, &name).unwrap();
    let Some(candle_core::quantized::gguf_file::Value::String(chat)) =
        content.metadata.get("tokenizer.chat_template")
    else {
        panic!("the fixture has a chat template")
    };
    let template = api::quality::default_template(Task::Classify);
    let encode = |s: &str| tok.encode(s, false).unwrap().get_ids().to_vec();
    let prompts: Vec<Vec<u32>> = sample
        .items
        .iter()
        .map(|item| {
            let prompt = fill_template(template, "billing, shipping", &item.input);
            encode(&render_chat(chat, &prompt, "<|im_start|>", "<|im_end|>").unwrap())
        })
        .collect();
    // After the chat template's "assistant\n" the label is the answer as written.
    let label_ids: Vec<Vec<u32>> = labels.iter().map(|l| encode(l)).collect();
    let by_hand: Vec<Vec<f64>> = prompts
        .iter()
        .map(|p| hand_scores(&path, p, &label_ids))
        .collect();
    // The eval's scorer, both prompts in one left-padded batch (their lengths differ).
    assert_ne!(prompts[0].len(), prompts[1].len());
    let mut decoder = build_from_gguf(&content, &mut file, &name, None, &Device::Cpu).unwrap();
    decoder.dequantize_weights().unwrap();
    let pad = tok.token_to_id("<|im_end|>").unwrap();
    let (scores, tokens) = score_labels(&decoder, &prompts, &label_ids, pad).unwrap();
    let fed: usize = label_ids.iter().map(|l| l.len() - 1).sum();
    assert_eq!(
        tokens.prompt,
        (prompts[0].len() + prompts[1].len() + 2 * fed) as u64
    );
    for (item, (eval, hand)) in scores.iter().zip(&by_hand).enumerate() {
        println!("item {item}: eval {eval:?}, by hand {hand:?}");
        for (e, h) in eval.iter().zip(hand) {
            assert!(*h < 0.0, "a log-probability: {h}");
            assert!((e - h).abs() < 1e-4, "item {item}: eval {e} vs by hand {h}");
        }
    }
    // The whole eval: the answer is the label with the higher log-likelihood, the confidence
    // the margin between the two.
    let mut r = request(Task::Classify, 2);
    r.labels = Some(labels.clone());
    let result = run(&r, &sample).unwrap();
    for (answer, hand) in result.answers.iter().zip(&by_hand) {
        let best = if hand[1] > hand[0] { 1 } else { 0 };
        assert_eq!(answer.answer, labels[best]);
        assert!(
            (answer.confidence - (hand[0] - hand[1]).abs()).abs() < 1e-4,
            "margin {} vs by hand {}",
            answer.confidence,
            (hand[0] - hand[1]).abs()
        );
    }
}

#[test]
fn batched_scores_equal_unbatched_ones() {
    let sample = demo(8);
    let one = run(&request(Task::Classify, 1), &sample).unwrap();
    let four = run(&request(Task::Classify, 4), &sample).unwrap();
    for (a, b) in one.answers.iter().zip(&four.answers) {
        assert_eq!(a.answer, b.answer, "line {}", a.line);
        assert!(
            (a.confidence - b.confidence).abs() < 1e-4,
            "line {}: batch 1 {} vs batch 4 {}",
            a.line,
            a.confidence,
            b.confidence
        );
    }
    // Both count the same tokens: padding is not counted.
    assert_eq!(one.speed.prompt_tokens, four.speed.prompt_tokens);
}

#[test]
fn match_generates_greedily_and_batches_like_one_at_a_time() {
    let jsonl = "{\"input\": \"What is the capital of France?\", \"expected\": \"Paris\"}\n\
                 {\"input\": \"Say hello.\", \"expected\": \"Hello\"}\n";
    let sample = read_sample(jsonl.as_bytes(), Task::Match, None).unwrap();
    let mut r = request(Task::Match, 1);
    r.match_rule = Some(MatchRule::Regex {
        pattern: "(?i)paris".into(),
    });
    let one = run(&r, &sample).unwrap();
    r.batch_items = 2;
    let two = run(&r, &sample).unwrap();
    println!("{:?}", one.answers);
    assert!(
        one.answers[0].answer.contains("Paris"),
        "{:?}",
        one.answers[0]
    );
    assert!(one.answers[0].correct);
    for (a, b) in one.answers.iter().zip(&two.answers) {
        assert_eq!(a.answer, b.answer);
        assert!((a.confidence - b.confidence).abs() < 1e-4);
        assert!(a.confidence <= 0.0);
    }
    assert!(one.speed.generated_tokens >= 2 && one.speed.generated_tokens <= 16);
}

#[test]
fn a_gguf_that_is_not_a_language_model_is_refused_naming_weights() {
    use bench::config::DecoderConfig;
    let dir = std::env::temp_dir().join(format!("bench-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut config =
        DecoderConfig::from_architecture(bench::catalog::architecture("smollm2-135m").unwrap())
            .unwrap();
    config.num_layers = 1;
    let synthetic = dir.join("synthetic.gguf");
    std::fs::write(
        &synthetic,
        bench::gguf::synthetic_gguf(&config, bench::WeightDtype::Q8_0, 1).unwrap(),
    )
    .unwrap();
    let not_gguf = dir.join("notes.gguf");
    std::fs::write(
        &not_gguf,
        b"{\"input\": \"this is a sample, not a model\"}\n",
    )
    .unwrap();
    let sample = demo(2);
    for (path, reason) in [
        (&synthetic, "not a language model: no tokenizer"),
        (&not_gguf, "not a readable GGUF file"),
        (&dir, "a directory"),
    ] {
        let mut r = request(Task::Classify, 2);
        r.weights = path.display().to_string();
        let e = run(&r, &sample).unwrap_err();
        let message = e.to_string();
        assert!(matches!(e, BenchError::BadWeights { .. }), "{message}");
        assert!(message.starts_with("weights: "), "{message}");
        assert!(message.contains(reason), "{message}");
    }
}

#[test]
fn cancel_stops_the_run_and_progress_counts_to_the_total() {
    let sample = demo(5);
    let r = request(Task::Classify, 2);
    let cancelled = AtomicBool::new(true);
    let e = run_eval(
        &r,
        Path::new(&r.weights),
        &sample,
        "demo",
        "test",
        &mut |_| {},
        &cancelled,
    )
    .unwrap_err();
    assert!(matches!(e, BenchError::Cancelled), "{e}");

    let go = AtomicBool::new(false);
    let mut seen: Vec<EvalProgress> = Vec::new();
    run_eval(
        &r,
        Path::new(&r.weights),
        &sample,
        "demo",
        "test",
        &mut |p| seen.push(p.clone()),
        &go,
    )
    .unwrap();
    let evaluating: Vec<usize> = seen
        .iter()
        .filter(|p| p.phase == "evaluating")
        .map(|p| p.items_done)
        .collect();
    assert_eq!(evaluating, vec![2, 4, 5]);
    assert_eq!(seen.first().unwrap().phase, "loading");
    let last = seen.last().unwrap();
    assert_eq!(
        (last.phase.as_str(), last.items_done, last.items_total),
        ("done", 5, 5)
    );
    assert!(seen.iter().all(|p| p.items_total == 5));

    // Out-of-range requests are refused before anything loads.
    let mut bad = r.clone();
    bad.batch_items = 0;
    let e = run(&bad, &sample).unwrap_err().to_string();
    assert!(e.starts_with("batch_items: "), "{e}");
}
