//! The candle eval (`bench::eval`) on the real SmolLM2-135M fixture and a few items of the
//! demo sample: deterministic, label scores equal to the model's own logits read token by
//! token, batch-invariant, bad weights refused naming `weights`, cancel and progress.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use api::quality::{EvalProgress, EvalRequest, EvalSample, MatchRule, Task};
use bench::decoder::Decoder;
use bench::eval::{
    estimated_eval_bytes, fill_template, first_line, generate_batch, pick, render_chat, run_eval,
    score_labels, EvalRun, EvalShape,
};
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
    assert_eq!(repro.dtype, "f32 (dequantized from q4_1)");
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

/// The fixture's decoder as the eval runs it (dense f32), loaded once per test.
fn dense_decoder() -> Decoder {
    let path = fixture();
    let name = path.display().to_string();
    let mut file = std::fs::File::open(&path).unwrap();
    let content = read_content(&mut file, &name).unwrap();
    let mut decoder = build_from_gguf(&content, &mut file, &name, None, &Device::Cpu).unwrap();
    decoder.dequantize_weights().unwrap();
    decoder
}

/// log-softmax of a `1 × vocab` logits row, written out by hand in f64.
fn log_softmax(logits: &Tensor) -> Vec<f64> {
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
}

/// Feeds `ids` one token at a time (batch 1, no padding, no cache copies) and returns the
/// last logits.
fn feed(decoder: &Decoder, cache: &mut bench::decoder::KvCache, ids: &[u32]) -> Tensor {
    let mut logits = None;
    for &id in ids {
        let input = Tensor::from_vec(vec![id], (1, 1), &Device::Cpu).unwrap();
        logits = Some(decoder.forward(&input, cache).unwrap());
    }
    logits.unwrap()
}

/// log P(label | prompt) computed from the model's logits directly: the prompt then the
/// label fed one token at a time through the plain `forward`, each step's log-softmax by hand.
fn hand_scores(decoder: &Decoder, prompt: &[u32], labels: &[Vec<u32>]) -> Vec<f64> {
    labels
        .iter()
        .map(|label| {
            let mut cache = decoder.new_cache(1, prompt.len() + label.len()).unwrap();
            let mut logits = feed(decoder, &mut cache, prompt);
            let mut total = 0.0;
            for (t, &id) in label.iter().enumerate() {
                total += log_softmax(&logits)[id as usize];
                if t + 1 < label.len() {
                    logits = feed(decoder, &mut cache, &[id]);
                }
            }
            total
        })
        .collect()
}

/// The eval's label scores against [`hand_scores`], inside the chat template (labels as
/// written after "assistant\n") or on the plain prompt (labels with a leading space, BOS as
/// the tokenizer adds it: the demo's path), both prompts in one right-padded batch.
fn label_scores_match_the_hand_check(chat: bool) {
    let path = fixture();
    let name = path.display().to_string();
    // Two labels (one of one token, one of several: the labels' own pass runs right-padded),
    // two items, the default template.
    let jsonl = "{\"input\": \"Please refund the remaining gift card balance.\", \"expected\": \"billing\"}\n\
                 {\"input\": \"My parcel has been 'out for delivery' for three days.\", \"expected\": \"late_delivery\"}\n";
    let labels = vec!["billing".to_string(), "late_delivery".to_string()];
    let sample = read_sample(jsonl.as_bytes(), Task::Classify, Some(&labels)).unwrap();
    let mut file = std::fs::File::open(&path).unwrap();
    let content = read_content(&mut file, &name).unwrap();
    let tok = tokenizer(&content, &name).unwrap();
    let Some(candle_core::quantized::gguf_file::Value::String(chat_template)) =
        content.metadata.get("tokenizer.chat_template")
    else {
        panic!("the fixture has a chat template")
    };
    let template = api::quality::default_template(Task::Classify);
    let encode = |s: &str, special: bool| tok.encode(s, special).unwrap().get_ids().to_vec();
    let prompts: Vec<Vec<u32>> = sample
        .items
        .iter()
        .map(|item| {
            let prompt = fill_template(template, "billing, late_delivery", &item.input);
            if chat {
                encode(
                    &render_chat(chat_template, &prompt, "<|im_start|>", "<|im_end|>").unwrap(),
                    false,
                )
            } else {
                encode(&prompt, true)
            }
        })
        .collect();
    // After the chat template's "assistant\n" the label is the answer as written; after the
    // plain prompt's "Category:" it is the next word, with its space.
    let lead = if chat { "" } else { " " };
    let label_ids: Vec<Vec<u32>> = labels
        .iter()
        .map(|l| encode(&format!("{lead}{l}"), false))
        .collect();
    let decoder = dense_decoder();
    let by_hand: Vec<Vec<f64>> = prompts
        .iter()
        .map(|p| hand_scores(&decoder, p, &label_ids))
        .collect();
    // The eval's scorer, both prompts in one right-padded batch (their lengths differ, so the
    // shorter one's labels continue past its padding).
    assert_ne!(prompts[0].len(), prompts[1].len());
    let pad = tok.token_to_id("<|im_end|>").unwrap();
    let (scores, tokens) = score_labels(&decoder, &prompts, &label_ids, pad).unwrap();
    let fed: usize = label_ids.iter().map(|l| l.len() - 1).sum();
    assert!(fed > 0, "a label of more than one token: {label_ids:?}");
    assert_eq!(
        tokens.prompt,
        (prompts[0].len() + prompts[1].len() + 2 * fed) as u64
    );
    for (item, (eval, hand)) in scores.iter().zip(&by_hand).enumerate() {
        println!("chat {chat}, item {item}: eval {eval:?}, by hand {hand:?}");
        for (e, h) in eval.iter().zip(hand) {
            assert!(*h < 0.0, "a log-probability: {h}");
            assert!((e - h).abs() < 1e-4, "item {item}: eval {e} vs by hand {h}");
        }
    }
    // The whole eval: the answer is the label with the higher log-likelihood, the confidence
    // the margin between the two.
    let mut r = request(Task::Classify, 2);
    r.labels = Some(labels.clone());
    r.chat_template = chat;
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
fn label_scores_equal_the_models_logits_read_token_by_token() {
    label_scores_match_the_hand_check(true);
}

#[test]
fn plain_prompt_label_scores_equal_the_models_logits_read_token_by_token() {
    label_scores_match_the_hand_check(false);
}

#[test]
fn equal_scores_pick_the_first_label_with_margin_zero() {
    assert_eq!(pick(&[-1.5, -1.5, -3.0]), (0, 0.0));
    assert_eq!(pick(&[-3.0, -1.25, -1.25]), (1, 0.0));
    // Otherwise the best, by its margin over the second best: -0.5 - (-1.25) = 0.75.
    assert_eq!(pick(&[-2.0, -1.25, -0.5]), (2, 0.75));
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
fn match_generates_greedily_stops_at_the_stop_token_and_its_confidence_is_the_mean_log_prob() {
    let decoder = dense_decoder();
    let path = fixture();
    let name = path.display().to_string();
    let mut file = std::fs::File::open(&path).unwrap();
    let content = read_content(&mut file, &name).unwrap();
    let tok = tokenizer(&content, &name).unwrap();
    let prompt = tok
        .encode("The capital of France is", true)
        .unwrap()
        .get_ids()
        .to_vec();
    let never = |_: &[u32]| Ok(false);
    // By hand: token by token, the arg-max of each step's log-softmax and its log-probability.
    let mut cache = decoder.new_cache(1, prompt.len() + 6).unwrap();
    let mut logits = feed(&decoder, &mut cache, &prompt);
    let mut hand: Vec<(u32, f64)> = Vec::new();
    for _ in 0..6 {
        let logp = log_softmax(&logits);
        let (id, lp) = logp
            .iter()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |best, (i, &v)| {
                if v > best.1 {
                    (i, v)
                } else {
                    best
                }
            });
        hand.push((id as u32, lp));
        logits = feed(&decoder, &mut cache, &[id as u32]);
    }
    let (out, tokens) =
        generate_batch(&decoder, std::slice::from_ref(&prompt), 6, &[], &never).unwrap();
    let (ids, logprobs) = &out[0];
    assert_eq!(ids, &hand.iter().map(|h| h.0).collect::<Vec<_>>());
    for (lp, h) in logprobs.iter().zip(&hand) {
        assert!((lp - h.1).abs() < 1e-4, "{lp} vs by hand {}", h.1);
    }
    assert_eq!((tokens.prompt, tokens.generated), (prompt.len() as u64, 6));
    // The third token as the stop token: the answer is the two before it, the stop token's
    // log-probability is counted, and the run ends there.
    let stop = hand[2].0;
    assert!(!hand[..2].iter().any(|h| h.0 == stop), "{hand:?}");
    let (out, tokens) =
        generate_batch(&decoder, std::slice::from_ref(&prompt), 6, &[stop], &never).unwrap();
    assert_eq!(out[0].0, vec![hand[0].0, hand[1].0]);
    assert_eq!(out[0].1.len(), 3);
    assert_eq!(tokens.generated, 3);
    // The eval's confidence: the mean of the generated tokens' log-probabilities, the stop
    // token's included (the chat template's <|im_end|> here).
    let jsonl = "{\"input\": \"What is the capital of France?\", \"expected\": \"Paris\"}\n";
    let sample = read_sample(jsonl.as_bytes(), Task::Match, None).unwrap();
    let mut r = request(Task::Match, 1);
    r.match_rule = Some(MatchRule::Regex {
        pattern: "(?i)paris".into(),
    });
    let result = run(&r, &sample).unwrap();
    let answer = &result.answers[0];
    assert!(answer.answer.contains("Paris"), "{answer:?}");
    assert!(answer.correct);
    let chat = match content.metadata.get("tokenizer.chat_template") {
        Some(candle_core::quantized::gguf_file::Value::String(t)) => t.clone(),
        _ => panic!("the fixture has a chat template"),
    };
    let text = fill_template(
        api::quality::default_template(Task::Match),
        "",
        "What is the capital of France?",
    );
    let rendered = render_chat(&chat, &text, "<|im_start|>", "<|im_end|>").unwrap();
    let prompt = tok
        .encode(rendered.as_str(), false)
        .unwrap()
        .get_ids()
        .to_vec();
    let end = tok.token_to_id("<|im_end|>").unwrap();
    let mut cache = decoder.new_cache(1, prompt.len() + 8).unwrap();
    let mut logits = feed(&decoder, &mut cache, &prompt);
    let mut logprobs = Vec::new();
    for _ in 0..8 {
        let logp = log_softmax(&logits);
        let id = (0..logp.len())
            .max_by(|&a, &b| logp[a].total_cmp(&logp[b]).then(b.cmp(&a)))
            .unwrap();
        logprobs.push(logp[id]);
        if id as u32 == end {
            break;
        }
        logits = feed(&decoder, &mut cache, &[id as u32]);
    }
    let mean = logprobs.iter().sum::<f64>() / logprobs.len() as f64;
    assert_eq!(result.speed.generated_tokens, logprobs.len() as u64);
    assert!(
        (answer.confidence - mean).abs() < 1e-4,
        "confidence {} vs by hand {mean}",
        answer.confidence
    );
}

#[test]
fn a_plain_prompt_answer_ends_at_its_first_line() {
    assert_eq!(first_line("Paris"), None);
    assert_eq!(first_line("\n  Paris\nThe capital"), Some("Paris"));
    assert_eq!(first_line(" Paris \n"), Some("Paris"));
    let jsonl = "{\"input\": \"What is the capital of France?\", \"expected\": \"Paris\"}\n";
    let sample = read_sample(jsonl.as_bytes(), Task::Match, None).unwrap();
    let mut r = request(Task::Match, 1);
    r.chat_template = false;
    r.template = Some("Question: {input}\nAnswer:".into());
    r.max_new_tokens = 24;
    r.match_rule = Some(MatchRule::Normalised);
    let result = run(&r, &sample).unwrap();
    let answer = &result.answers[0];
    println!("{answer:?}, {} tokens", result.speed.generated_tokens);
    assert!(!answer.answer.contains('\n'), "{answer:?}");
    assert!(!answer.answer.is_empty());
    assert!(
        result.speed.generated_tokens < 24,
        "stopped at the line's end, not at max_new_tokens: {}",
        result.speed.generated_tokens
    );
}

#[test]
fn the_memory_estimate_is_the_f32_weights_the_caches_and_one_pass() {
    let config = bench::config::DecoderConfig::from_architecture(
        bench::catalog::architecture("smollm2-135m").unwrap(),
    )
    .unwrap();
    // SmolLM2-135M: hidden 576, 30 layers, 9 heads and 3 KV heads of 64, MLP 1536, vocab
    // 49,152, tied embeddings.
    assert_eq!(
        (
            config.hidden_size,
            config.num_layers,
            config.num_attention_heads,
            config.num_kv_heads,
            config.head_dim,
            config.intermediate_size,
            config.vocab_size,
            config.tie_word_embeddings
        ),
        (576, 30, 9, 3, 64, 1536, 49_152, true)
    );
    let shape = EvalShape {
        task: Task::Classify,
        batch_items: 8,
        longest_prompt: 100,
        labels: 4,
        longest_label: 3,
        max_new_tokens: 8,
    };
    let m = estimated_eval_bytes(&config, &shape);
    // Parameters: embedding 49,152 × 576 = 28,311,552; a layer's matrices q 331,776 + k
    // 110,592 + v 110,592 + o 331,776 + gate, up, down 3 × 884,736 = 3,538,944, its two norms
    // 1,152, × 30 = 106,202,880; the final norm 576: 134,515,008 × 4 bytes.
    assert_eq!(m.weights, 538_060_032.0);
    // KV: 30 layers × 2 × 3 × 64 × 4 = 46,080 bytes a token; prefill 8 × (100 + 2) = 816 and
    // the labels' copy 32 × (100 + 2) = 3,264 positions: 4,080 × 46,080.
    assert_eq!(m.cache, 188_006_400.0);
    // The prefill, the larger pass: scores 3 × 8 × 9 × 100 × 100 = 2,160,000 and MLP
    // 8 × 100 × 3 × 1,536 = 3,686,400 f32s (the label pass: 3 × 32 × 9 × 2 × 102 + 32 × 2 ×
    // 3 × 1,536 = 471,168).
    assert_eq!(m.activations, 23_385_600.0);
    // Logits twice: 8 rows × 1 + 32 rows × 2 positions = 72 × 49,152 × 2 f32s.
    assert_eq!(m.logits, 28_311_552.0);
    assert_eq!(m.total(), 777_763_584.0);
    // Match: one row of 100 + 8 positions.
    let m = estimated_eval_bytes(
        &config,
        &EvalShape {
            task: Task::Match,
            ..shape
        },
    );
    assert_eq!(m.cache, 108.0 * 46_080.0);
    assert_eq!(
        m.activations,
        4.0 * (3.0 * 9.0 * 100.0 * 100.0 + 100.0 * 3.0 * 1536.0)
    );
    assert_eq!(m.logits, 8.0 * 49_152.0);
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
