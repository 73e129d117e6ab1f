//! The preset entries. Seeds live in `shared/seeds/`; every figure not found there is
//! listed in the entry's `assumptions`.
//!
//! Load shapes are written as whole-number relative rates per UTC hour (0..=23) and scaled
//! to mean 1.0 at compile time; `peak_to_average` is their max over mean. The patterns:
//! - business hours (customer support, code completion, RAG Q&A, summarisation): one
//!   region's working day, busiest 09:00-15:00 UTC, with a lunch dip and quiet nights;
//! - business hours, softened (ticket classification): forms and e-mail arrive overnight;
//! - flat-ish batch (invoice extraction): a queue drains uploads around the clock;
//! - global consumer (content moderation): never quiet, busiest in the European evening.
//!
//!
//! Weekly shapes (Monday..Sunday) say which days traffic comes, always as an assumption
//! named in the entry: office tools and internal assistants on weekdays only, consumer-
//! facing services every day alike, a support desk's inflow lighter at weekends.

use crate::presets::{text, LatencySlo, Preset, SuggestedRouting, CASCADE, ROUTER};
use crate::shape::{normalise, peak_to_average};
use crate::Workload;

const fn workload(
    requests_per_month: f64,
    (input_tokens, output_tokens): (f64, f64),
    cached_input_share: f64,
    shape: &[f64; 24],
    monthly_growth: f64,
) -> Workload {
    Workload {
        requests_per_month,
        input_tokens,
        output_tokens,
        cached_input_share,
        peak_to_average: peak_to_average(shape),
        monthly_growth,
        batch_share: 0.0,
        cache_write_share: 0.0,
    }
}

/// Office tools and internal assistants: used Monday to Friday, idle at weekends.
const WEEKDAYS: [f64; 7] = [1., 1., 1., 1., 1., 0., 0.];
/// Consumer-facing services: every day alike.
const EVERY_DAY: [f64; 7] = [1.; 7];
/// A support desk's inflow: customers still write at weekends, about a third as much.
const WEEKDAYS_LIGHT_WEEKENDS: [f64; 7] = [1., 1., 1., 1., 1., 0.3, 0.3];

const fn slo(ttft_ms: f64, tpot_ms: f64) -> LatencySlo {
    LatencySlo { ttft_ms, tpot_ms }
}

const fn routing(mode: &'static str, slm_share: f64, escalation_rate: f64) -> SuggestedRouting {
    SuggestedRouting {
        mode: text(mode),
        slm_share,
        escalation_rate,
    }
}

// Sum 192, max 24: the normalised shape is raw / 8 exactly, so peak/average is exactly 3.0
// (the planner's earlier default). Western-European business day, nights at 1/8 of the mean.
const CUSTOMER_SUPPORT_SHAPE: [f64; 24] = normalise([
    1., 1., 1., 1., 1., 2., 3., 6., 12., 20., 24., 22., 16., 17., 17., 14., 10., 7., 5., 4., 3.,
    2., 2., 1.,
]);
const TICKET_SHAPE: [f64; 24] = normalise([
    3., 3., 3., 3., 3., 4., 6., 10., 16., 20., 22., 21., 18., 19., 18., 16., 12., 9., 7., 6., 5.,
    4., 4., 3.,
]);
const INVOICE_SHAPE: [f64; 24] = normalise([
    8., 8., 8., 8., 8., 8., 9., 10., 12., 13., 13., 13., 12., 13., 13., 12., 11., 10., 9., 9., 8.,
    8., 8., 8.,
]);
const SUMMARY_SHAPE: [f64; 24] = normalise([
    2., 2., 2., 2., 2., 3., 5., 9., 14., 17., 18., 17., 14., 15., 16., 15., 13., 10., 7., 5., 4.,
    3., 3., 2.,
]);
const CODE_SHAPE: [f64; 24] = normalise([
    1., 1., 1., 1., 1., 1., 1., 3., 10., 22., 30., 27., 14., 20., 27., 25., 18., 9., 4., 2., 1.,
    1., 1., 1.,
]);
const MODERATION_SHAPE: [f64; 24] = normalise([
    10., 9., 8., 7., 6., 5., 5., 6., 7., 8., 9., 10., 11., 11., 12., 12., 13., 14., 15., 16., 17.,
    16., 14., 12.,
]);
const RAG_SHAPE: [f64; 24] = normalise([
    2., 2., 2., 2., 2., 2., 3., 6., 12., 17., 19., 18., 14., 16., 17., 15., 12., 8., 5., 3., 3.,
    2., 2., 2.,
]);

pub(crate) const CUSTOMER_SUPPORT: Preset = Preset {
    id: text("customer-support"),
    name: text("Customer-support assistant"),
    workload: workload(
        1_000_000.0,
        (500.0, 200.0),
        0.0,
        &CUSTOMER_SUPPORT_SHAPE,
        0.0,
    ),
    load_shape: CUSTOMER_SUPPORT_SHAPE,
    weekly_shape: Some(EVERY_DAY),
    slo: slo(1000.0, 50.0),
    suggested_routing: routing(ROUTER, 0.8, 0.05),
    seed: text("003_6f6ef078e56ced45.txt, 001_a758c8c788da8f3b.txt"),
    quote: text("one million conversations a month at 700 tokens per conversation"),
    from_seed: text(
        "Seed 003: a customer support pipeline handling \"one million conversations a \
        month at 700 tokens per conversation\". Seed 001 (tiered hybrid): the SLM takes \
        \"Standard queries, routine tasks, well-defined operations (80% of volume)\", the LLM \
        \"Complex queries, edge cases, novel situations (20% of volume)\"; \"A customer service \
        application routes straightforward questions about hours, locations, or policies to \
        local SLMs.\" Seed 001 on latency: \">1000ms: Frustratingly slow for interactive \
        applications\".",
    ),
    assumptions: text(
        "Not in the seeds: the 500 input / 200 output split of the 700 tokens; no \
        prompt caching (conservative); no growth; the load shape (a Western-European business \
        day, nights at 1/8 of the mean, built so that peak/average is exactly 3, the planner's \
        earlier default); the weekly shape (every day alike: customers write in at weekends \
        too); the SLO (1 s to first token, seed 001's frustration threshold, and \
        50 ms per token, 20 tokens/s, faster than people read); 5 % of SLM-tier conversations \
        escalating to the LLM (seed 001 gives the 80/20 split, not an escalation rate).",
    ),
};

const TICKET_CLASSIFICATION: Preset = Preset {
    id: text("ticket-classification"),
    name: text("Support-ticket classification"),
    workload: workload(300_000.0, (400.0, 5.0), 0.4, &TICKET_SHAPE, 0.0),
    load_shape: TICKET_SHAPE,
    weekly_shape: Some(WEEKDAYS_LIGHT_WEEKENDS),
    slo: slo(100.0, 10.0),
    suggested_routing: routing(CASCADE, 1.0, 0.05),
    seed: text("001_a758c8c788da8f3b.txt, 003_6f6ef078e56ced45.txt"),
    quote: text("A fine-tuned 3B model classifying customer support tickets achieves 94% accuracy"),
    from_seed: text(
        "Seed 001: \"A fine-tuned 3B model classifying customer support tickets achieves \
        94% accuracy\", identical to GPT-4 on that task, and \"The smaller model classifies in \
        100ms versus 2-3 seconds for the API call to GPT-4\". Seed 003 mentions \"the document \
        classifier that runs ten thousand times a day\" and sends classification to the SLM \
        tier of a router.",
    ),
    assumptions: text(
        "Volume: no seed gives one for ticket classification; 300,000 a month borrows \
        the scale of seed 003's document classifier (10,000 a day x 30 days). Tokens: 400 input \
        (ticket text, label list, instructions) and 5 output (a label); the shared \
        instructions and label list, 40 % of input, are assumed cacheable. SLO: seed 001's \
        100 ms is the whole classification; it is used here as the time to first token, plus \
        10 ms per further token (assumption), about 140 ms for a 5-token label. Routing: every \
        ticket goes to the SLM first and the 5 % it labels with low confidence escalate \
        (assumption; the seed reports equal accuracy, not an escalation rate). Load: a support \
        desk's inflow, business hours but flatter than chat, and at weekends about a third of \
        a weekday's (weekly shape; assumption). No growth.",
    ),
};

const INVOICE_EXTRACTION: Preset = Preset {
    id: text("invoice-extraction"),
    name: text("Invoice and contract field extraction"),
    workload: workload(200_000.0, (2000.0, 300.0), 0.25, &INVOICE_SHAPE, 0.0),
    load_shape: INVOICE_SHAPE,
    weekly_shape: Some(WEEKDAYS),
    slo: slo(5000.0, 100.0),
    suggested_routing: routing(CASCADE, 1.0, 0.05),
    seed: text("002_ebb120916020edf3.txt, 000_9fdb5b19ee047ea8.txt"),
    quote: text(
        "Invoice data extraction: An SLM fine-tuned to invoice layouts and financial terminology",
    ),
    from_seed: text(
        "Seed 002: \"Invoice data extraction: An SLM fine-tuned to invoice layouts and \
        financial terminology\" extracts fields \"such as invoice numbers, dates, amounts, line \
        items, and vendor details\"; it advises to \"use batch processing for non-urgent tasks \
        to optimize hardware utilization\" and prices GPT-4 at \"$0.03 for every 1,000 input \
        tokens and $0.06 for each 1,000 output tokens\". Seed 000 (financial document \
        processing): \"Extraction Accuracy: 96.8% (vs. 94.3% with GPT-4 on domain-specific \
        formats)\" and \"Cost Savings: $180,000 annually on inference costs alone\".",
    ),
    assumptions: text(
        "Volume: no seed gives a document count; 200,000 a month is derived, not \
        quoted: seed 000's $180,000 a year is $15,000 a month, and at seed 002's GPT-4 prices \
        a 2,000-in / 300-out extraction costs $0.078, so about 192,000 extractions, if the \
        saving were the whole API bill. Tokens: 2,000 input (OCR text of a one- or two-page \
        invoice plus field schema and instructions) and 300 output (JSON fields); the shared \
        schema and instructions, 25 % of input, are assumed cacheable. Load: uploads come in \
        office hours but a queue drains them, so the shape is flat-ish, on weekdays only \
        (weekly shape; assumption). SLO: \
        batch work, so 5 s to first token and 100 ms per token, loose enough to batch hard \
        (assumption). Routing: every document goes to the fine-tuned SLM (more accurate than \
        GPT-4 per seed 000) and the 5 % failing schema checks escalate (assumption). No growth.",
    ),
};

const DOCUMENT_SUMMARISATION: Preset = Preset {
    id: text("document-summarisation"),
    name: text("Document summarisation"),
    workload: workload(50_000.0, (6000.0, 400.0), 0.05, &SUMMARY_SHAPE, 0.0),
    load_shape: SUMMARY_SHAPE,
    weekly_shape: Some(WEEKDAYS),
    slo: slo(2000.0, 50.0),
    suggested_routing: routing(ROUTER, 0.9, 0.05),
    seed: text("001_a758c8c788da8f3b.txt, 003_6f6ef078e56ced45.txt, 002_ebb120916020edf3.txt"),
    quote: text("fine-tuned SLMs produce summaries of comparable quality to LLMs"),
    from_seed: text(
        "Seed 001: \"On focused domains (news articles, technical documentation), \
        fine-tuned SLMs produce summaries of comparable quality to LLMs, though LLMs handle \
        more diverse content types without fine-tuning.\" Seed 003: \"On-device SLMs are \
        excellent for formatting, light Q&A, and summarization.\" but stay with an LLM when \
        \"Long context is a core requirement (above 32K tokens reliably).\" Seed 002: \
        JPMorgan's LLM Suite \"helps process and summarize large legal documentation\".",
    ),
    assumptions: text(
        "Volume: no seed gives one; 50,000 documents a month (a mid-size firm's \
        reports and notes) is an assumption. Tokens: 6,000 input (a 10-15 page document) and \
        400 output (a one-page summary); only the instructions, 5 % of input, repeat and are \
        assumed cacheable. Routing: documents within a small model's context and domain go to \
        the SLM; the 10 % assumed longer than seed 003's 32K-token line, or off-domain, go to \
        the LLM; 5 % of SLM summaries escalate (assumptions). SLO: the reader waits but reads \
        as it streams: 2 s to first token, 50 ms per token (assumptions). Load: office-hours \
        requests, flatter than chat, on weekdays only (weekly shape; assumption). No growth.",
    ),
};

const CODE_COMPLETION: Preset = Preset {
    id: text("code-completion"),
    name: text("IDE code completion"),
    workload: workload(4_000_000.0, (1500.0, 30.0), 0.3, &CODE_SHAPE, 0.05),
    load_shape: CODE_SHAPE,
    weekly_shape: Some(WEEKDAYS),
    slo: slo(100.0, 20.0),
    suggested_routing: routing(ROUTER, 0.9, 0.0),
    seed: text("001_a758c8c788da8f3b.txt, 003_6f6ef078e56ced45.txt"),
    quote: text("Provides instant suggestions (<100ms) without network dependency."),
    from_seed: text(
        "Seed 001 (IDE plugin for code completion): the local SLM \"Provides instant \
        suggestions (<100ms) without network dependency.\"; the LLM assistant is \"Slightly \
        better at complex completions and understanding vague intents.\" but has \"2-3 second \
        latency for suggestions. Developers complain it breaks flow.\" Seed 003: \"SLMs serve \
        tokens in tens of milliseconds compared to hundreds for cloud-hosted LLMs\" and names \
        \"interactive code completion\" where cloud round trips are not acceptable.",
    ),
    assumptions: text(
        "Volume: no seed gives one; 4,000,000 completions a month is 500 developers x \
        20 working days x 400 suggestions (assumption). Tokens: 1,500 input (code around the \
        cursor) and 30 output (a line or two); 30 % of input is assumed cached because \
        consecutive requests share the file prefix. SLO: 100 ms to first token from seed \
        001's <100ms; 20 ms per token is one value within seed 003's tens of milliseconds \
        (assumption). Routing: 90 % of completions to the SLM, the 10 % that are explicit \
        multi-line or natural-language requests to the LLM, which seed 001 calls better at \
        complex completions (split assumed); no escalation. Load: one region's working day \
        with a lunch dip, on weekdays only (weekly shape; assumption): idle weekends raise the \
        busiest hour over the month's mean 1.4x. Growth 5 % a month: a rollout to more \
        developers (assumption).",
    ),
};

const CONTENT_MODERATION: Preset = Preset {
    id: text("content-moderation"),
    name: text("User-generated content moderation"),
    workload: workload(20_000_000.0, (600.0, 10.0), 0.6, &MODERATION_SHAPE, 0.0),
    load_shape: MODERATION_SHAPE,
    weekly_shape: Some(EVERY_DAY),
    slo: slo(300.0, 25.0),
    suggested_routing: routing(CASCADE, 1.0, 0.1),
    seed: text("001_a758c8c788da8f3b.txt, 000_9fdb5b19ee047ea8.txt"),
    quote: text("customer service chatbots, content moderation, document processing"),
    from_seed: text(
        "Seed 001 lists high-volume applications (\"customer service chatbots, content \
        moderation, document processing\") where self-hosting savings \"can reach tens or \
        hundreds of thousands of dollars annually\"; \"Sentiment analysis: Both SLMs and LLMs \
        achieve 90%+ accuracy on sentiment classification.\"; latency of \"100-300ms: \
        Perceptibly delayed but acceptable\". Seed 000 lists \"User-generated content \
        moderation\" as cost-sensitive and reports \"Text Classification Tasks: SLMs achieve \
        92-96% of GPT-4 accuracy while processing 10-15x faster\".",
    ),
    assumptions: text(
        "Volume: no seed gives one; 20,000,000 posts and comments a month (a mid-size \
        community platform) is an assumption. Tokens: 600 input, 60 % of it a shared policy \
        prompt assumed cacheable, and 10 output (a verdict and reason code). Routing: every \
        item goes to the SLM and the 10 % it scores borderline escalate to the LLM \
        (assumption, sized to seed 000's 92-96 % relative accuracy). SLO: checked before \
        publishing, so 300 ms to first token, the top of seed 001's acceptable band, and 25 ms \
        per token (assumption). Load: a global audience, never quiet, busiest in the European \
        evening, every day of the week alike (weekly shape; assumption). No growth.",
    ),
};

const RAG_QA: Preset = Preset {
    id: text("rag-qa"),
    name: text("RAG question answering over internal documents"),
    workload: workload(300_000.0, (4000.0, 300.0), 0.5, &RAG_SHAPE, 0.03),
    load_shape: RAG_SHAPE,
    weekly_shape: Some(WEEKDAYS),
    slo: slo(1000.0, 40.0),
    suggested_routing: routing(CASCADE, 1.0, 0.3),
    seed: text("000_9fdb5b19ee047ea8.txt, 001_a758c8c788da8f3b.txt, 003_6f6ef078e56ced45.txt"),
    quote: text(
        "Question Answering: Factual accuracy matches or exceeds GPT-4 in domain-specific \
        applications",
    ),
    from_seed: text(
        "Seed 000: \"Question Answering: Factual accuracy matches or exceeds GPT-4 in \
        domain-specific applications\", naming \"UnifiedQA, FiD variants optimized for factual \
        accuracy and retrieval integration\". Seed 001 (SLM as LLM filter): \"70% of queries \
        handled entirely by SLM\". Seed 003: a frontier model for \"the internal search tool\" \
        is the costly reflex; SLMs suit \"light Q&A\"; stay with an LLM when \"Long context is \
        a core requirement (above 32K tokens reliably).\"",
    ),
    assumptions: text(
        "Volume: no seed gives one; 300,000 questions a month (3,000 employees x 5 \
        questions x 20 working days) is an assumption. Tokens: 4,000 input (a 2,000-token \
        system prompt with instructions and examples plus about 2,000 tokens of retrieved \
        passages, far under 32K) and 300 output; the 50 % cache share assumes the shared \
        system prompt is a cacheable prefix. Routing: seed 001's 70 % handled entirely by the \
        SLM read as a cascade with 30 % escalation; applying it to RAG is an assumption. SLO: \
        1 s to first token (seed 001's frustration threshold) and 40 ms per token \
        (assumption). Load: internal office-hours use on weekdays only (weekly shape; \
        assumption). Growth 3 % a month as a \
        new internal tool spreads (assumption).",
    ),
};

/// Display order.
/// The first is the default (`default_preset`).
pub(crate) static PRESETS: [Preset; 7] = [
    CUSTOMER_SUPPORT,
    TICKET_CLASSIFICATION,
    INVOICE_EXTRACTION,
    DOCUMENT_SUMMARISATION,
    CODE_COMPLETION,
    CONTENT_MODERATION,
    RAG_QA,
];
