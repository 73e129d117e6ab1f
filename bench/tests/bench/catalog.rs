//! The catalog's shapes against the model cards' stated sizes, and the parameter formula against
//! hand-worked counts.

use bench::catalog::{architecture, catalog, entries, Architecture, Family};

/// The ids the brief requires; each must exist.
const REQUIRED: [&str; 18] = [
    "smollm2-135m",
    "smollm2-360m",
    "smollm2-1.7b",
    "qwen2.5-0.5b",
    "qwen2.5-1.5b",
    "qwen2.5-3b",
    "qwen2.5-7b",
    "qwen3-0.6b",
    "qwen3-1.7b",
    "qwen3-4b",
    "qwen3-8b",
    "llama-3.2-1b",
    "llama-3.2-3b",
    "llama-3.1-8b",
    "mistral-7b-v0.3",
    "phi-3.5-mini",
    "gemma-2-2b",
    "tinyllama-1.1b",
];

fn arch(id: &str) -> &'static Architecture {
    architecture(id).unwrap_or_else(|| panic!("{id} missing from the catalog"))
}

#[test]
fn every_computed_count_is_within_two_percent_of_the_model_card() {
    let mut offenders = Vec::new();
    println!(
        "{:<18} {:>15} {:>15} {:>9}",
        "id", "computed", "published", "dev %"
    );
    for a in catalog() {
        let computed = a.parameter_count();
        let published = a.published_parameters;
        let deviation = (computed as f64 - published as f64) / published as f64 * 100.0;
        println!(
            "{:<18} {computed:>15} {published:>15} {deviation:>+9.3}",
            a.id
        );
        if deviation.abs() > 2.0 || !deviation.is_finite() {
            offenders.push(format!(
                "{}: computed {computed}, published {published} ({deviation:+.2} %)",
                a.id
            ));
        }
    }
    assert!(
        offenders.is_empty(),
        "more than 2 % off the model card:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn ids_are_unique_lower_case_and_every_required_model_is_present() {
    let ids: Vec<&str> = catalog().iter().map(|a| a.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "duplicate ids in {ids:?}");
    for id in &ids {
        assert_eq!(*id, id.to_lowercase(), "{id} is not lower case");
        assert!(!id.contains(' '), "{id} has a space");
    }
    for id in REQUIRED {
        assert!(ids.contains(&id), "{id} missing");
    }
    assert!(
        ids.contains(&"gemma-2-2b") || ids.contains(&"gemma-3-1b"),
        "a Gemma is required"
    );
}

#[test]
fn lookup_ignores_case_and_spaces_and_rejects_unknown_ids() {
    assert_eq!(
        architecture("Qwen2.5-0.5B").map(|a| a.id),
        Some("qwen2.5-0.5b")
    );
    assert_eq!(
        architecture(" LLAMA-3.2-1B ").map(|a| a.id),
        Some("llama-3.2-1b")
    );
    assert!(architecture("gpt-4o").is_none());
    assert!(architecture("").is_none());
}

#[test]
fn shapes_are_consistent_with_the_config() {
    for a in catalog() {
        assert!(
            a.hidden_size > 0
                && a.intermediate_size > 0
                && a.num_layers > 0
                && a.num_attention_heads > 0
                && a.num_kv_heads > 0
                && a.vocab_size > 0,
            "{}: zero shape",
            a.id
        );
        assert_eq!(
            a.num_attention_heads % a.num_kv_heads,
            0,
            "{}: kv heads {} do not divide heads {}",
            a.id,
            a.num_kv_heads,
            a.num_attention_heads
        );
        assert_eq!(a.head_dim % 2, 0, "{}: RoPE needs an even head_dim", a.id);
        // Qwen3 and Gemma set head_dim explicitly, apart from hidden / heads; the other
        // families' configs imply it as hidden / heads.
        if !matches!(a.family, Family::Qwen3 | Family::Gemma2 | Family::Gemma3) {
            assert_eq!(
                a.head_dim * a.num_attention_heads,
                a.hidden_size,
                "{}: head_dim × heads != hidden",
                a.id
            );
        }
        assert_eq!(
            a.attention_bias,
            a.family == Family::Qwen2,
            "{}: attention_bias",
            a.id
        );
        assert_eq!(
            a.qk_norm,
            matches!(a.family, Family::Qwen3 | Family::Gemma3),
            "{}: qk_norm",
            a.id
        );
        assert_eq!(
            a.rope_scaling.is_some(),
            a.id.starts_with("llama-3"),
            "{}: only Llama 3.x configs carry llama3 rope_scaling",
            a.id
        );
        assert!(a.rope_theta > 0.0 && a.rms_norm_eps > 0.0 && a.rms_norm_eps < 1e-3);
        assert!(a.hf_repo.contains('/'), "{}: hf_repo {}", a.id, a.hf_repo);
        assert!(!a.published_basis.is_empty(), "{}: no basis", a.id);
    }
}

#[test]
fn facts_the_brief_calls_out() {
    for id in ["qwen3-0.6b", "qwen3-1.7b", "qwen3-4b", "qwen3-8b"] {
        assert_eq!(arch(id).head_dim, 128, "{id}");
    }
    for id in ["qwen3-0.6b", "qwen3-1.7b", "qwen3-4b"] {
        assert!(arch(id).tie_word_embeddings, "{id} is tied");
    }
    assert!(!arch("qwen3-8b").tie_word_embeddings);
    assert!(arch("qwen2.5-0.5b").tie_word_embeddings);
    assert!(!arch("qwen2.5-7b").tie_word_embeddings);
    assert_eq!(arch("gemma-2-2b").head_dim, 256);
    let phi = arch("phi-3.5-mini");
    assert_eq!(phi.vocab_size, 32064);
    assert!(!phi.tie_word_embeddings);
}

/// SmolLM2-135M by hand:
///   embeddings      49152 × 576                       = 28,311,552 (tied: no lm_head)
///   per layer  q    576 × (9 × 64)                     =    331,776
///              k, v 2 × 576 × (3 × 64)                 =    221,184
///              o    (9 × 64) × 576                     =    331,776
///              mlp  3 × 576 × 1536                     =  2,654,208
///              norms 2 × 576                           =      1,152
///              layer total                              =  3,540,096
///   30 layers                                           = 106,202,880
///   final norm                                          =        576
///   total                                               = 134,515,008 (the real checkpoint's count)
#[test]
fn smollm2_135m_matches_the_hand_count() {
    let a = arch("smollm2-135m");
    assert_eq!(a.parameter_count(), 134_515_008);
    // Matmul weights: 30 × (884,736 + 2,654,208) + the lm_head read of 28,311,552.
    assert_eq!(
        a.weight_parameters_in_matmuls(),
        30 * 3_538_944 + 28_311_552
    );
    // KV: 30 layers × 2 × 3 kv heads × 64 × 2 bytes (bf16) = 23,040 bytes per token.
    assert_eq!(a.kv_bytes_per_token(2.0), 23_040.0);
    // FLOPs at context 100: 2 × 134,479,872 + 4 × 30 × 9 × 64 × 100.
    assert_eq!(
        a.flops_per_token(100),
        2.0 * 134_479_872.0 + 4.0 * 30.0 * 9.0 * 64.0 * 100.0
    );
}

/// Qwen2.5-0.5B by hand (tied, with q/k/v biases):
///   embeddings      151936 × 896                       = 136,134,656
///   per layer  q    896 × 896 + bias 896               =     803,712
///              k, v 2 × (896 × 128 + bias 128)          =     229,632
///              o    896 × 896                           =     802,816
///              mlp  3 × 896 × 4864                      =  13,074,432
///              norms 2 × 896                            =       1,792
///              layer total                              =  14,912,384
///   24 layers                                           = 357,897,216
///   final norm                                          =         896
///   total                                               = 494,032,768 (the card's "0.49B")
#[test]
fn qwen25_half_b_matches_the_hand_count() {
    assert_eq!(arch("qwen2.5-0.5b").parameter_count(), 494_032_768);
}

/// Llama 3.2 1B by hand (tied): 128256 × 2048 = 262,668,288 embeddings; per layer
/// q 4,194,304 + k, v 2 × 1,048,576 + o 4,194,304 + mlp 50,331,648 + norms 4,096 = 60,821,504;
/// × 16 = 973,144,064; + final norm 2,048 → 1,235,814,400 (the card's "1.23B").
#[test]
fn llama32_1b_matches_the_hand_count() {
    assert_eq!(arch("llama-3.2-1b").parameter_count(), 1_235_814_400);
}

/// Qwen3 0.6B (tied, q/k norms of 128 each, head_dim 128 ≠ 1024 / 16):
/// embeddings 155,582,464; per layer q 2,097,152 + k, v 2 × 1,048,576 + o 2,097,152
/// + mlp 9,437,184 + q/k norms 256 + norms 2,048 = 15,730,944; × 28 = 440,466,432;
/// + final norm 1,024 → 596,049,920.
#[test]
fn qwen3_06b_matches_the_hand_count() {
    assert_eq!(arch("qwen3-0.6b").parameter_count(), 596_049_920);
}

/// Gemma 2 2B: the non-embedding part must equal the technical report's 2,024,517,888 exactly
/// (four norms per layer); the embedding part is 256000 × 2304 in the released checkpoint.
#[test]
fn gemma2_non_embedding_count_matches_the_report() {
    let a = arch("gemma-2-2b");
    let embeddings = (a.vocab_size * a.hidden_size) as u64;
    assert_eq!(a.parameter_count() - embeddings, 2_024_517_888);
}

#[test]
fn untied_models_count_the_lm_head_and_matmuls_always_read_it() {
    let tied = arch("qwen3-4b");
    let mut untied = tied.clone();
    untied.tie_word_embeddings = false;
    let head = (tied.vocab_size * tied.hidden_size) as u64;
    assert_eq!(untied.parameter_count(), tied.parameter_count() + head);
    // The decode matmuls stream vocab × hidden for the logits either way.
    assert_eq!(
        untied.weight_parameters_in_matmuls(),
        tied.weight_parameters_in_matmuls()
    );
}

#[test]
fn entries_mirror_the_catalog_and_flag_the_lean_decoder() {
    let rows = entries();
    assert_eq!(rows.len(), catalog().len());
    for (row, a) in rows.iter().zip(catalog()) {
        assert_eq!(row.id, a.id);
        assert_eq!(row.parameters, a.parameter_count());
        assert_eq!(row.published_parameters, a.published_parameters);
        assert_eq!(row.lean_decoder, a.family.has_lean_decoder());
        assert_eq!(row.head_dim, a.head_dim);
    }
    assert!(Family::Llama.has_lean_decoder());
    assert!(Family::Mistral.has_lean_decoder());
    assert!(Family::Qwen2.has_lean_decoder());
    assert!(Family::Qwen3.has_lean_decoder());
    assert!(!Family::Phi3.has_lean_decoder());
    assert!(!Family::Gemma2.has_lean_decoder());
    assert!(!Family::Gemma3.has_lean_decoder());

    let json = serde_json::to_value(&rows[0]).unwrap();
    assert_eq!(json["id"], "smollm2-135m");
    assert_eq!(json["family"], "llama");
    assert_eq!(json["parameters"], 134_515_008u64);
    assert_eq!(json["lean_decoder"], true);
    let back: bench::catalog::CatalogEntry = serde_json::from_value(json).unwrap();
    assert_eq!(back, rows[0]);
}
