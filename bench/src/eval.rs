//! Quality evals with candle (docs/quality.md): a GGUF language model answers every item of
//! a labelled sample, through the same decoder the benchmark measures.
//!
//! - classify: each label is scored as a continuation of the prompt (the sum of its tokens'
//!   log-probabilities); the most likely label is the answer and the margin between the best
//!   and the second-best label is the confidence. The labels of an item share the prompt's
//!   KV cache, and items are scored together in batches.
//! - match: greedy generation up to `max_new_tokens`, ending at a stop token (EOS, a chat
//!   end-of-turn) or, when no chat template wraps the prompt, at the first newline after some
//!   text (the answer is that first line, [`first_line`]); compared with `expected` by the
//!   request's [`api::quality::MatchRule`]; confidence is the mean log-probability of the
//!   generated tokens (the stop token or the newline included).
//!
//! Everything after the answers (accuracy, confusion, the cascade curve) is the `quality`
//! crate's [`quality::summary::summarise`].
//!
//! How the prompt is built: the request's template (or [`api::quality::default_template`])
//! with `{labels}` then `{input}` replaced; then, when the request asks for it and the GGUF
//! carries `tokenizer.chat_template`, that Jinja template (rendered with minijinja, with
//! Hugging Face's `trim_blocks`/`lstrip_blocks`) wraps the prompt as one user turn followed by
//! the generation prompt. Special tokens in the rendered text (`<|im_start|>`) tokenize as
//! the special tokens they are.
//!
//! How a label is tokenized: as the assistant's whole answer after a chat template's
//! generation prompt (which ends a line), the label as written; after a plain prompt (the
//! default ends with "Category:"), the label with one leading space, as a model writes the
//! word after a colon.
//!
//! Batching (classify): a batch holds `batch_items` items. Their prompts are right-padded to
//! one length and run as one prefill ([`Decoder::forward_at`] reads each row's logits at its
//! own last token, which never sees the padding after it); that log-softmax gives every
//! label's first token. Then the prefilled cache is copied once per (item, label) row, only
//! the prompts' positions and room for the labels ([`KvCache::select_rows`]), and all the
//! labels' remaining tokens run as one right-padded pass of items × labels rows, each row
//! continuing its own item's prompt at its own positions and blind to the padding after it
//! ([`Decoder::forward_all_from`]). The weights are
//! dequantized to dense f32 once at load ([`Decoder::dequantize_weights`]): candle's
//! quantized CPU kernels move a sequence's logits with the number of rows in the pass, dense
//! f32 does not (to 3e-5), so a score does not depend on `batch_items`; a tied LM head shares
//! the embedding table's f32 matrix. Match generates one item at a time (batch 1).
//!
//! Memory: before the weights load, [`estimated_eval_bytes`] (f32 weights, KV caches, one
//! pass's attention and logits) is checked against the device's free memory; too much is
//! [`BenchError::OutOfMemory`] naming the weights and `batch_items`.
//!
//! Speed: the first item is run once alone as a warm-up and its result discarded; the clock
//! then runs from the first batch to the last (the device synchronized before each reading).
//! Prompt tokens count what the model actually read (padding excluded, label tokens fed
//! included); generated tokens count the tokens chosen (a stop token included).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use api::quality::{
    default_template, EvalProgress, EvalReproducibility, EvalRequest, EvalResult, EvalSample,
    EvalSpeed, ItemAnswer, MatchRule, Task,
};
use candle_core::{Device, Tensor, D};
use quality::sample::{EvalItem, Sample};
use quality::summary::{check_options, label, summarise, Matcher, SummaryOptions};
use quality::QualityError;

use crate::config::DecoderConfig;
use crate::decoder::{Decoder, KvCache};
use crate::{BenchError, WeightDtype};

/// The most items a batch may hold.
pub const MAX_BATCH_ITEMS: usize = 64;
/// The most tokens a match item may generate.
pub const MAX_NEW_TOKENS: usize = 512;
/// The longest prompt (template applied, in tokens) an item may have.
pub const MAX_PROMPT_TOKENS: usize = 4096;

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// What an eval's memory depends on besides the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvalShape {
    /// classify or match.
    pub task: Task,
    /// Items run together (classify; match runs one at a time).
    pub batch_items: usize,
    /// The longest prompt in tokens, the template applied.
    pub longest_prompt: usize,
    /// classify: how many labels.
    pub labels: usize,
    /// classify: the longest label in tokens.
    pub longest_label: usize,
    /// match: the most tokens an answer may have.
    pub max_new_tokens: usize,
}

/// An eval's peak memory, in bytes, estimated before the weights load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvalMemory {
    /// The weights as dense f32 (every parameter × 4; a tied LM head shares the embedding
    /// table's matrix).
    pub weights: f64,
    /// KV caches: classify's prefill (`batch_items × longest prompt`) and its copy for the
    /// labels (`batch_items × labels` rows of `longest prompt + longest label − 1`); match's
    /// one row of `longest prompt + max_new_tokens`.
    pub cache: f64,
    /// One layer's attention scores in the largest pass (the scores, their masked copy and
    /// the softmax: three `rows × heads × new × context` f32 arrays) and its MLP activations
    /// (gate, up and their product: `rows × new × 3 × intermediate` f32).
    pub activations: f64,
    /// Logits and their log-softmax (`rows × positions read × vocab` f32, twice).
    pub logits: f64,
}

impl EvalMemory {
    /// Everything together, bytes.
    pub fn total(&self) -> f64 {
        self.weights + self.cache + self.activations + self.logits
    }
}

/// [`EvalMemory`] for a model's shapes and an eval's: what [`run_eval`] checks against the
/// device's free memory before the weights load.
pub fn estimated_eval_bytes(config: &DecoderConfig, shape: &EvalShape) -> EvalMemory {
    let f32s = |n: usize| n as f64 * 4.0;
    let c = config;
    let weights = crate::load::estimated_weight_bytes(c, WeightDtype::F32);
    let kv_per_token = c.num_layers * 2 * c.num_kv_heads * c.head_dim;
    let heads = c.num_attention_heads;
    // One pass of `rows` rows of `new` positions after `before` cached ones, reading logits at
    // `read` positions a row.
    let pass = |rows: usize, new: usize, before: usize, read: usize| {
        let scores = 3 * rows * heads * new * (before + new);
        let mlp = rows * new * 3 * c.intermediate_size;
        (f32s(scores + mlp), f32s(2 * rows * read * c.vocab_size))
    };
    let (cache, (activations, logits)) = match shape.task {
        Task::Classify => {
            let rows = shape.batch_items;
            let length = shape.longest_prompt;
            let fed = shape.longest_label.saturating_sub(1);
            let label_rows = rows * shape.labels;
            let prefill = rows * (length + fed);
            let labels = if fed > 0 {
                label_rows * (length + fed)
            } else {
                0
            };
            let (a1, l1) = pass(rows, length, 0, 1);
            let (a2, l2) = if fed > 0 {
                pass(label_rows, fed, length, fed)
            } else {
                (0.0, 0.0)
            };
            (
                f32s((prefill + labels) * kv_per_token),
                (a1.max(a2), l1 + l2),
            )
        }
        Task::Match => {
            let length = shape.longest_prompt;
            let cache = length + shape.max_new_tokens;
            (f32s(cache * kv_per_token), pass(1, length, 0, 1))
        }
    };
    EvalMemory {
        weights,
        cache,
        activations,
        logits,
    }
}

/// The answers of one eval and how it ran, before the figures are computed.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalRun {
    /// One answer per item, in sample order.
    pub answers: Vec<ItemAnswer>,
    /// How fast it ran.
    pub speed: EvalSpeed,
    /// What reruns it.
    pub reproducibility: EvalReproducibility,
}

/// Runs the model at `weights` on every item of `sample` (already read with the request's
/// task and labels), reporting progress after every batch and stopping with
/// [`BenchError::Cancelled`] when `cancel` is set. `sample_name` is how results name the
/// sample; `command` the command line that reruns it.
pub fn run_eval(
    request: &EvalRequest,
    weights: &Path,
    sample: &Sample,
    sample_name: &str,
    command: &str,
    on_progress: &mut (dyn FnMut(&EvalProgress) + Send),
    cancel: &AtomicBool,
) -> Result<EvalRun, BenchError> {
    check_eval_request(request, sample)?;
    let device = crate::load::parse_device(request.device)?;
    if let Some(threads) = request.threads {
        crate::runner::set_threads(threads)?;
    }
    crate::runner::CANDLE_STARTED.store(true, Ordering::SeqCst);
    let threads = crate::system::cpu_threads();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| BenchError::Device(format!("cannot start {threads} threads: {e}")))?;
    pool.install(|| {
        let items_total = sample.items.len();
        on_progress(&EvalProgress {
            phase: "loading".into(),
            items_done: 0,
            items_total,
            items_per_second: None,
        });
        let GgufModel {
            text,
            config,
            dtype,
            name,
            content,
            mut file,
        } = GgufModel::open(weights, &request.weights)?;
        let template = request
            .template
            .clone()
            .unwrap_or_else(|| default_template(request.task).to_string());
        let prompter = Prompter::new(&text, &template, sample, request.chat_template)?;
        let prompts = sample
            .items
            .iter()
            .map(|item| prompter.prompt_ids(item))
            .collect::<Result<Vec<_>, _>>()?;
        let needed = estimated_eval_bytes(
            &config,
            &EvalShape {
                task: request.task,
                batch_items: request.batch_items.min(items_total),
                longest_prompt: prompts.iter().map(Vec::len).max().unwrap_or(0),
                labels: prompter.labels.len(),
                longest_label: prompter.labels.iter().map(Vec::len).max().unwrap_or(0),
                max_new_tokens: request.max_new_tokens,
            },
        );
        crate::load::check_memory(
            crate::load::memory_budget_bytes(&device, None),
            needed.total(),
            &format!(
                "weights: {} dequantized to f32 ({:.2} GiB) with batch_items {} (KV cache, attention and logits: {:.2} GiB)",
                request.weights,
                needed.weights / GIB,
                request.batch_items,
                (needed.total() - needed.weights) / GIB
            ),
        )?;
        let mut decoder =
            crate::weights::build_from_gguf(&content, &mut file, &request.weights, None, &device)?;
        drop(content);
        decoder.dequantize_weights()?;
        let sha256 = crate::load::sha256_file(weights).map_err(|e| BenchError::BadWeights {
            path: request.weights.clone(),
            reason: format!("cannot hash ({e})"),
        })?;
        if cancel.load(Ordering::Relaxed) {
            return Err(BenchError::Cancelled);
        }
        let run = Runner {
            decoder: &decoder,
            text: &text,
            prompts: &prompts,
            labels: &prompter.labels,
            stop_at_line: prompter.chat_template.is_none(),
            request,
            sample,
            matcher: match request.task {
                Task::Match => Some(Matcher::new(&match_rule(request)).map_err(quality_error)?),
                Task::Classify => None,
            },
        };
        let (answers, speed) = run.all(on_progress, cancel)?;
        on_progress(&EvalProgress {
            phase: "done".into(),
            items_done: items_total,
            items_total,
            items_per_second: Some(speed.items_per_second),
        });
        let gpu = if device.is_cpu() {
            None
        } else {
            crate::cuda::gpu_info().map(|g| g.0)
        };
        let reproducibility = EvalReproducibility {
            model: name,
            weights_sha256: sha256,
            weights: request.weights.clone(),
            dtype: format!("f32 (dequantized from {})", dtype.as_str()),
            template,
            chat_template: prompter.chat_template.clone(),
            sample: sample_name.to_string(),
            sample_sha256: sample.sha256.clone(),
            sample_bytes: sample.bytes,
            candle_version: crate::CANDLE_VERSION.to_string(),
            breakeven_version: env!("CARGO_PKG_VERSION").to_string(),
            device: request.device,
            cpu_model: crate::system::cpu_model(),
            gpu_name: gpu,
            threads,
            os: crate::system::os_description(),
            batch_items: request.batch_items,
            command: command.to_string(),
        };
        Ok(EvalRun {
            answers,
            speed,
            reproducibility,
        })
    })
}

/// [`run_eval`], then the figures ([`quality::summary::summarise`]) and the scenario label:
/// the whole [`EvalResult`]. The request stored in the result leaves an inline sample's text
/// out (`jsonl` empty): the result names the sample and carries its sha256, and a stored
/// result stays small whatever the sample.
pub fn evaluate(
    request: &EvalRequest,
    weights: &Path,
    sample: &Sample,
    sample_name: &str,
    command: &str,
    on_progress: &mut (dyn FnMut(&EvalProgress) + Send),
    cancel: &AtomicBool,
) -> Result<EvalResult, BenchError> {
    let options = summary_options(request);
    check_options(sample, &options).map_err(quality_error)?;
    let run = run_eval(
        request,
        weights,
        sample,
        sample_name,
        command,
        on_progress,
        cancel,
    )?;
    let figures = summarise(sample, &run.answers, &options).map_err(quality_error)?;
    let label = label(sample_name, &figures);
    let mut request = request.clone();
    if let EvalSample::Inline { jsonl, .. } = &mut request.sample {
        *jsonl = String::new();
    }
    Ok(EvalResult {
        request,
        figures,
        answers: run.answers,
        speed: run.speed,
        reproducibility: run.reproducibility,
        label,
    })
}

/// What [`summarise`] is given from a request.
pub fn summary_options(request: &EvalRequest) -> SummaryOptions {
    SummaryOptions {
        match_rule: match_rule(request),
        llm_quality: request.llm_quality,
        min_quality: request.min_quality,
        prices: request
            .prices
            .map(|p| (p.slm_usd_per_request, p.llm_usd_per_request)),
    }
}

fn match_rule(request: &EvalRequest) -> MatchRule {
    request.match_rule.clone().unwrap_or(MatchRule::Normalised)
}

/// The request's own ranges, and its task against the sample's.
fn check_eval_request(request: &EvalRequest, sample: &Sample) -> Result<(), BenchError> {
    if !(1..=MAX_BATCH_ITEMS).contains(&request.batch_items) {
        return Err(BenchError::invalid(
            "batch_items",
            format!(
                "must be 1 to {MAX_BATCH_ITEMS}, got {}",
                request.batch_items
            ),
        ));
    }
    if !(1..=MAX_NEW_TOKENS).contains(&request.max_new_tokens) {
        return Err(BenchError::invalid(
            "max_new_tokens",
            format!(
                "must be 1 to {MAX_NEW_TOKENS}, got {}",
                request.max_new_tokens
            ),
        ));
    }
    if request.task != sample.task {
        return Err(BenchError::invalid(
            "task",
            format!(
                "the sample was read for {:?}, the request asks for {:?}",
                sample.task, request.task
            ),
        ));
    }
    if sample.items.is_empty() {
        return Err(BenchError::invalid("sample", "the sample has no items"));
    }
    if request.task == Task::Classify && sample.labels.len() < 2 {
        return Err(BenchError::invalid(
            "labels",
            "classify needs at least two labels",
        ));
    }
    if let Some(template) = &request.template {
        if !template.contains("{input}") {
            return Err(BenchError::invalid(
                "template",
                "has no {input}: the item's text would never reach the model",
            ));
        }
    }
    Ok(())
}

/// A `quality` error as a [`BenchError::Invalid`] naming the request's field (the root of
/// [`QualityError::field`], or `sample` for an item's).
pub fn quality_error(e: QualityError) -> BenchError {
    let named = e.field();
    let field = match named.split(['.', '[']).next().unwrap_or("") {
        "match_rule" => "match_rule",
        "llm_quality" => "llm_quality",
        "min_quality" => "min_quality",
        "prices" => "prices",
        "labels" => "labels",
        _ => "sample",
    };
    let message = e.to_string();
    // The request's own fields are named by the error's field; an item's problem keeps its
    // whole message, which names the sample's line.
    let reason = match message.strip_prefix(&format!("{named}: ")) {
        Some(rest) if field != "sample" && named == field => rest.to_string(),
        _ => message,
    };
    BenchError::invalid(field, reason)
}

/// What the eval reads from a GGUF file before its weights: the tokenizer side, the shapes,
/// the format, and the file itself (the weights are built after the memory check).
struct GgufModel {
    text: TextModel,
    config: DecoderConfig,
    /// The format most of its matrices are stored in.
    dtype: WeightDtype,
    name: String,
    content: candle_core::quantized::gguf_file::Content,
    file: std::fs::File,
}

/// A language model's tokenizer side.
struct TextModel {
    tokenizer: tokenizers::Tokenizer,
    /// Tokens that end a generated answer: the GGUF's EOS and the chat end-of-turn tokens.
    stop: Vec<u32>,
    /// The token that fills padded positions (never attended to).
    pad: u32,
    chat_template: Option<String>,
    bos_token: String,
    eos_token: String,
    /// The weights as the request named them.
    named: String,
}

impl GgufModel {
    /// Loads a GGUF file that is a language model: a llama-family architecture and a
    /// tokenizer in its metadata. Anything else is a [`BenchError`] naming `weights`.
    fn open(path: &Path, named: &str) -> Result<Self, BenchError> {
        use candle_core::quantized::gguf_file::Value;
        let bad = |reason: String| BenchError::BadWeights {
            path: named.to_string(),
            reason,
        };
        if path.is_dir() {
            return Err(bad(
                "a directory; the eval reads one GGUF file (a language model with its tokenizer)"
                    .into(),
            ));
        }
        let mut file = std::fs::File::open(path).map_err(|e| bad(format!("cannot open ({e})")))?;
        let content = crate::gguf::read_content(&mut file, named)?;
        let config = crate::gguf::config_from_gguf(&content, named)?;
        let text = |key: &str| match content.metadata.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        let has_vocabulary = matches!(
            content.metadata.get("tokenizer.ggml.tokens"),
            Some(Value::Array(tokens)) if !tokens.is_empty()
        );
        if !has_vocabulary {
            return Err(bad(format!(
                "not a language model: no tokenizer in its metadata (tokenizer.ggml.tokens missing; tokenizer.ggml.model is {})",
                text("tokenizer.ggml.model").map_or("absent".to_string(), |m| format!("`{m}`"))
            )));
        }
        if crate::gguf::is_synthetic(&content) {
            return Err(bad(
                "not a language model: Breakeven's synthetic weights (random, no tokenizer)".into(),
            ));
        }
        let tokenizer = crate::gguf::tokenizer(&content, named)?;
        let token_of = |key: &str| match content.metadata.get(key) {
            Some(v) => v.to_u32().ok(),
            None => None,
        };
        let name_of = |id: u32| tokenizer.id_to_token(id).unwrap_or_default();
        let eos = token_of("tokenizer.ggml.eos_token_id");
        let bos = token_of("tokenizer.ggml.bos_token_id");
        let mut stop: Vec<u32> = eos.into_iter().collect();
        for end in ["<|im_end|>", "<|eot_id|>", "<|endoftext|>", "<end_of_turn>"] {
            if let Some(id) = tokenizer.token_to_id(end) {
                if !stop.contains(&id) {
                    stop.push(id);
                }
            }
        }
        let pad = token_of("tokenizer.ggml.padding_token_id")
            .or(eos)
            .unwrap_or(0);
        let dtype = crate::load::file_dtype(&content, named)?;
        let name = text("general.name").unwrap_or_else(|| {
            path.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default()
        });
        let text_model = TextModel {
            stop,
            pad,
            chat_template: text("tokenizer.chat_template"),
            bos_token: bos.map(name_of).unwrap_or_default(),
            eos_token: eos.map(name_of).unwrap_or_default(),
            tokenizer,
            named: named.to_string(),
        };
        Ok(GgufModel {
            text: text_model,
            config,
            dtype,
            name,
            content,
            file,
        })
    }
}

/// Turns items into token ids: the template, the chat template, the labels' tokens.
struct Prompter<'a> {
    model: &'a TextModel,
    template: String,
    labels_text: String,
    /// The GGUF's chat template, when the prompt is wrapped in it.
    chat_template: Option<String>,
    /// Whether the tokenizer adds BOS itself (not when the chat template writes it).
    add_special: bool,
    /// classify: each label's tokens, in label order.
    labels: Vec<Vec<u32>>,
}

impl<'a> Prompter<'a> {
    fn new(
        model: &'a TextModel,
        template: &str,
        sample: &Sample,
        use_chat: bool,
    ) -> Result<Self, BenchError> {
        let chat_template = if use_chat {
            model.chat_template.clone()
        } else {
            None
        };
        let add_special = !chat_template
            .as_deref()
            .is_some_and(|t| t.contains("bos_token"));
        let mut prompter = Prompter {
            model,
            template: template.to_string(),
            labels_text: sample.labels.join(", "),
            chat_template,
            add_special,
            labels: Vec::new(),
        };
        // Check the chat template renders before anything runs.
        prompter.prompt_text("")?;
        let lead = if prompter.chat_template.is_some() {
            ""
        } else {
            " "
        };
        prompter.labels = sample
            .labels
            .iter()
            .map(|label| {
                let ids = prompter.encode(&format!("{lead}{label}"), false, "labels")?;
                if ids.is_empty() {
                    return Err(BenchError::invalid(
                        "labels",
                        format!("{label:?} encodes to no tokens"),
                    ));
                }
                Ok(ids)
            })
            .collect::<Result<_, _>>()?;
        Ok(prompter)
    }

    /// The text the model reads for an item's input.
    fn prompt_text(&self, input: &str) -> Result<String, BenchError> {
        let prompt = fill_template(&self.template, &self.labels_text, input);
        match &self.chat_template {
            None => Ok(prompt),
            Some(chat) => render_chat(chat, &prompt, &self.model.bos_token, &self.model.eos_token)
                .map_err(|e| BenchError::BadWeights {
                    path: self.model.named.clone(),
                    reason: format!("tokenizer.chat_template does not render: {e}"),
                }),
        }
    }

    fn prompt_ids(&self, item: &EvalItem) -> Result<Vec<u32>, BenchError> {
        let text = self.prompt_text(&item.input)?;
        let ids = self.encode(&text, self.add_special, "sample")?;
        if ids.is_empty() {
            return Err(BenchError::invalid(
                "sample",
                format!("line {}: the prompt encodes to no tokens", item.line),
            ));
        }
        if ids.len() > MAX_PROMPT_TOKENS {
            return Err(BenchError::invalid(
                "sample",
                format!(
                    "line {}: the prompt is {} tokens, more than the {MAX_PROMPT_TOKENS} an item may have",
                    item.line,
                    ids.len()
                ),
            ));
        }
        Ok(ids)
    }

    fn encode(
        &self,
        text: &str,
        add_special: bool,
        field: &'static str,
    ) -> Result<Vec<u32>, BenchError> {
        self.model
            .tokenizer
            .encode(text, add_special)
            .map(|e| e.get_ids().to_vec())
            .map_err(|e| BenchError::invalid(field, format!("tokenizer: {e}")))
    }
}

/// `template` with `{labels}` and `{input}` replaced, in one pass (an input containing
/// `{labels}` stays as written).
pub fn fill_template(template: &str, labels: &str, input: &str) -> String {
    let mut out = String::with_capacity(template.len() + input.len() + labels.len());
    let mut rest = template;
    loop {
        let next_input = rest.find("{input}");
        let next_labels = rest.find("{labels}");
        let (at, token, value) = match (next_input, next_labels) {
            (Some(i), Some(l)) if l < i => (l, "{labels}", labels),
            (Some(i), _) => (i, "{input}", input),
            (None, Some(l)) => (l, "{labels}", labels),
            (None, None) => break,
        };
        out.push_str(&rest[..at]);
        out.push_str(value);
        rest = &rest[at + token.len()..];
    }
    out.push_str(rest);
    out
}

/// A GGUF chat template rendered for one user turn and the generation prompt, as Hugging
/// Face renders it (`trim_blocks`, `lstrip_blocks`, `raise_exception`).
pub fn render_chat(
    template: &str,
    user: &str,
    bos_token: &str,
    eos_token: &str,
) -> Result<String, minijinja::Error> {
    let mut env = minijinja::Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    env.add_function(
        "raise_exception",
        |message: String| -> Result<String, minijinja::Error> {
            Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                message,
            ))
        },
    );
    env.add_template("chat", template)?;
    let ctx = minijinja::context! {
        messages => vec![minijinja::context! { role => "user", content => user }],
        add_generation_prompt => true,
        bos_token => bos_token,
        eos_token => eos_token,
    };
    env.get_template("chat")?.render(ctx)
}

/// One eval's loop over the batches.
struct Runner<'a> {
    decoder: &'a Decoder,
    text: &'a TextModel,
    /// Every item's prompt ids, in sample order.
    prompts: &'a [Vec<u32>],
    /// classify: each label's tokens.
    labels: &'a [Vec<u32>],
    /// match: whether an answer ends at its first line (no chat template to end the turn).
    stop_at_line: bool,
    request: &'a EvalRequest,
    sample: &'a Sample,
    matcher: Option<Matcher>,
}

/// What a batch read and wrote, for the speed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tokens {
    /// Tokens the model read: prompts and fed label tokens, padding excluded.
    pub prompt: u64,
    /// Tokens chosen by generation, stop tokens included.
    pub generated: u64,
}

impl Runner<'_> {
    fn all(
        &self,
        on_progress: &mut (dyn FnMut(&EvalProgress) + Send),
        cancel: &AtomicBool,
    ) -> Result<(Vec<ItemAnswer>, EvalSpeed), BenchError> {
        let items = &self.sample.items;
        let total = items.len();
        let device = &self.decoder.device;
        // Warm-up: the first item alone, discarded (kernels and allocations settle).
        self.batch(&items[..1], &self.prompts[..1])?;
        let mut answers = Vec::with_capacity(total);
        let mut tokens = Tokens::default();
        device.synchronize()?;
        let started = Instant::now();
        let chunks = items
            .chunks(self.request.batch_items)
            .zip(self.prompts.chunks(self.request.batch_items));
        for (chunk, prompts) in chunks {
            if cancel.load(Ordering::Relaxed) {
                return Err(BenchError::Cancelled);
            }
            let (batch_answers, batch_tokens) = self.batch(chunk, prompts)?;
            answers.extend(batch_answers);
            tokens.prompt += batch_tokens.prompt;
            tokens.generated += batch_tokens.generated;
            device.synchronize()?;
            let elapsed = started.elapsed().as_secs_f64();
            on_progress(&EvalProgress {
                phase: "evaluating".into(),
                items_done: answers.len(),
                items_total: total,
                items_per_second: (elapsed > 0.0).then(|| answers.len() as f64 / elapsed),
            });
        }
        let elapsed_s = started.elapsed().as_secs_f64();
        let per_second = |n: f64| if elapsed_s > 0.0 { n / elapsed_s } else { 0.0 };
        Ok((
            answers,
            EvalSpeed {
                elapsed_s,
                items_per_second: per_second(total as f64),
                prompt_tokens: tokens.prompt,
                generated_tokens: tokens.generated,
                tokens_per_second: per_second((tokens.prompt + tokens.generated) as f64),
            },
        ))
    }

    fn batch(
        &self,
        items: &[EvalItem],
        prompts: &[Vec<u32>],
    ) -> Result<(Vec<ItemAnswer>, Tokens), BenchError> {
        match &self.matcher {
            None => {
                let (scores, tokens) =
                    score_labels(self.decoder, prompts, self.labels, self.text.pad)?;
                let answers = items
                    .iter()
                    .zip(scores)
                    .map(|(item, scores)| {
                        let (best, confidence) = pick(&scores);
                        let answer = self.sample.labels[best].clone();
                        ItemAnswer {
                            line: item.line,
                            correct: answer == item.expected,
                            answer,
                            confidence,
                        }
                    })
                    .collect();
                Ok((answers, tokens))
            }
            Some(matcher) => {
                let tokenizer = &self.text.tokenizer;
                let decode = |ids: &[u32]| {
                    tokenizer
                        .decode(ids, true)
                        .map_err(|e| BenchError::invalid("sample", format!("tokenizer: {e}")))
                };
                // Without a chat template nothing ends the turn: the answer is its first line.
                let line_ended = |ids: &[u32]| -> Result<bool, BenchError> {
                    Ok(self.stop_at_line && first_line(&decode(ids)?).is_some())
                };
                let (generated, tokens) = generate_batch(
                    self.decoder,
                    prompts,
                    self.request.max_new_tokens,
                    &self.text.stop,
                    &line_ended,
                )?;
                let answers = items
                    .iter()
                    .zip(generated)
                    .map(|(item, (ids, logprobs))| {
                        let text = decode(&ids)?;
                        let answer = match first_line(&text) {
                            Some(line) if self.stop_at_line => line,
                            _ => text.trim(),
                        }
                        .to_string();
                        let correct = matcher
                            .matches(&answer, &item.expected)
                            .map_err(quality_error)?;
                        let confidence = if logprobs.is_empty() {
                            0.0
                        } else {
                            logprobs.iter().sum::<f64>() / logprobs.len() as f64
                        };
                        Ok(ItemAnswer {
                            line: item.line,
                            answer,
                            correct,
                            confidence,
                        })
                    })
                    .collect::<Result<Vec<_>, BenchError>>()?;
                Ok((answers, tokens))
            }
        }
    }
}

/// The best label (the first of equals, in label order) and its margin over the second best
/// (0 when they are equal).
pub fn pick(scores: &[f64]) -> (usize, f64) {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    let second = scores
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, &s)| s)
        .fold(f64::NEG_INFINITY, f64::max);
    let margin = if second.is_finite() {
        (scores[best] - second).max(0.0)
    } else {
        0.0
    };
    (best, margin)
}

/// Prompts right-padded to one length: the ids (`rows × length`), and the position of each
/// row's last real token.
fn right_padded(
    prompts: &[Vec<u32>],
    pad: u32,
    device: &Device,
) -> candle_core::Result<(Tensor, Vec<usize>, usize)> {
    let length = prompts.iter().map(Vec::len).max().unwrap_or(0);
    let mut ids = Vec::with_capacity(prompts.len() * length);
    let mut last = Vec::with_capacity(prompts.len());
    for p in prompts {
        ids.extend_from_slice(p);
        ids.extend(std::iter::repeat_n(pad, length - p.len()));
        last.push(p.len().saturating_sub(1));
    }
    Ok((
        Tensor::from_vec(ids, (prompts.len(), length), device)?,
        last,
        length,
    ))
}

/// log P(label | prompt) for every prompt and label: `scores[item][label]`, the sum of the
/// log-softmax at each of the label's tokens. The prompts run as one right-padded batch (each
/// row's logits read at its own last token: every label's first token); then the prefilled
/// cache is copied once per (item, label) row, keeping the prompts' positions and room for
/// the labels, and every label's tokens after the first run as one right-padded pass of
/// items × labels rows, each row continuing its own item's prompt
/// ([`Decoder::forward_all_from`]: its rotary positions and its keys are the item's alone).
pub fn score_labels(
    decoder: &Decoder,
    prompts: &[Vec<u32>],
    labels: &[Vec<u32>],
    pad: u32,
) -> Result<(Vec<Vec<f64>>, Tokens), BenchError> {
    let device = &decoder.device;
    let rows = prompts.len();
    let n_labels = labels.len();
    let (ids, last_at, length) = right_padded(prompts, pad, device)?;
    let longest = labels.iter().map(Vec::len).max().unwrap_or(1);
    let mut cache = decoder.new_cache(rows, length + longest - 1)?;
    let last = decoder.forward_at(&ids, &mut cache, &last_at)?; // (rows, vocab)
    let last = candle_nn::ops::log_softmax(&last, D::Minus1)?;
    let first_ids: Vec<u32> = (0..rows)
        .flat_map(|_| labels.iter().map(|l| l[0]))
        .collect();
    let first_ids = Tensor::from_vec(first_ids, (rows, n_labels), device)?;
    let first = last.gather(&first_ids, 1)?.to_vec2::<f32>()?;
    let mut scores: Vec<Vec<f64>> = first
        .iter()
        .map(|row| row.iter().map(|&v| f64::from(v)).collect())
        .collect();
    let fed_per_item: usize = labels.iter().map(|l| l.len() - 1).sum();
    let tokens = Tokens {
        prompt: prompts.iter().map(|p| p.len() as u64).sum::<u64>() + (rows * fed_per_item) as u64,
        generated: 0,
    };
    if longest == 1 {
        return Ok((scores, tokens));
    }
    // Row item·labels + l: label l's tokens but the last, right-padded, after item's prompt;
    // target t: its token t + 1.
    let fed = longest - 1;
    let mut input = Vec::with_capacity(rows * n_labels * fed);
    let mut targets = Vec::with_capacity(rows * n_labels * fed);
    for _ in 0..rows {
        for label in labels {
            for t in 0..fed {
                input.push(label.get(t).copied().unwrap_or(pad));
                targets.push(label.get(t + 1).copied().unwrap_or(0));
            }
        }
    }
    let input = Tensor::from_vec(input, (rows * n_labels, fed), device)?;
    let targets = Tensor::from_vec(targets, (rows * n_labels, fed, 1), device)?;
    let copies: Vec<u32> = (0..rows as u32)
        .flat_map(|item| std::iter::repeat_n(item, n_labels))
        .collect();
    let lengths: Vec<usize> = prompts
        .iter()
        .flat_map(|p| std::iter::repeat_n(p.len(), n_labels))
        .collect();
    let mut label_cache = cache.select_rows(&copies, length, fed)?;
    drop(cache);
    let logits = decoder.forward_all_from(&input, &mut label_cache, &lengths)?;
    let logp = candle_nn::ops::log_softmax(&logits, D::Minus1)?;
    let picked = logp.gather(&targets, 2)?.squeeze(2)?.to_vec2::<f32>()?;
    for (row, values) in picked.iter().enumerate() {
        let (item, l) = (row / n_labels, row % n_labels);
        let n = labels[l].len() - 1;
        scores[item][l] += values[..n].iter().map(|&v| f64::from(v)).sum::<f64>();
    }
    Ok((scores, tokens))
}

/// One generated answer: its token ids (a stop token left out) and the log-probability of
/// every token chosen (a stop token included).
type Generated = (Vec<u32>, Vec<f64>);

/// The first line of a generated text, trimmed, once it has ended: the text before the first
/// newline that follows some non-whitespace text (leading blank lines are skipped). None
/// while no such newline was written.
pub fn first_line(text: &str) -> Option<&str> {
    let start = text.trim_start();
    start.find('\n').map(|end| start[..end].trim())
}

/// Greedy generation, one prompt at a time (batch 1: rows of different lengths would need
/// per-row positions in every decode step; a match item's prompt is read in one prefill all
/// the same). An answer ends at a `stop` token (left out of its ids), when `ended` says so
/// after a token (that token kept: the caller cuts the text), or at `max_new` tokens.
pub fn generate_batch(
    decoder: &Decoder,
    prompts: &[Vec<u32>],
    max_new: usize,
    stop: &[u32],
    ended: &dyn Fn(&[u32]) -> Result<bool, BenchError>,
) -> Result<(Vec<Generated>, Tokens), BenchError> {
    let device = &decoder.device;
    let mut out = Vec::with_capacity(prompts.len());
    let mut tokens = Tokens::default();
    for prompt in prompts {
        let mut cache: KvCache = decoder.new_cache(1, prompt.len() + max_new)?;
        let input = Tensor::from_vec(prompt.clone(), (1, prompt.len()), device)?;
        let mut logits = decoder.forward(&input, &mut cache)?;
        tokens.prompt += prompt.len() as u64;
        let mut generated: Generated = (Vec::new(), Vec::new());
        for step in 0..max_new {
            let logp = candle_nn::ops::log_softmax(&logits, D::Minus1)?;
            let next = logp.argmax(D::Minus1)?;
            let chosen = logp
                .gather(&next.unsqueeze(1)?, 1)?
                .squeeze(1)?
                .to_vec1::<f32>()?[0];
            let next = next.to_vec1::<u32>()?[0];
            tokens.generated += 1;
            generated.1.push(f64::from(chosen));
            if stop.contains(&next) {
                break;
            }
            generated.0.push(next);
            if step + 1 == max_new || ended(&generated.0)? {
                break;
            }
            let input = Tensor::from_vec(vec![next], (1, 1), device)?;
            logits = decoder.forward(&input, &mut cache)?;
        }
        out.push(generated);
    }
    Ok((out, tokens))
}
