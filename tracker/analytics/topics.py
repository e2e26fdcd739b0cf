"""The topic vocabulary that job descriptions are matched against, and the plain matching.

The vocabulary is data: each ``Topic`` has the phrases (regular expressions, matched
case-insensitively on word boundaries) that signal it in a job description, and the round
kinds where it is usually tested. Matching is deliberately simple and explainable: a topic
matches when any of its phrases appears in the text; the matched phrase is kept so the page
can say *why*. No network, no model.

To add a topic, append a ``Topic`` to ``TOPICS``; keys must stay unique.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    patterns: tuple[str, ...]  # regular expressions, matched case-insensitively
    kinds: tuple[str, ...]  # round kinds (RoundKind.key) where this topic is usually tested


TOPICS: tuple[Topic, ...] = (
    Topic(
        "ml_system_design",
        "ML system design",
        (
            r"ml system design",
            r"machine learning system design",
            r"system design",
            r"end[- ]to[- ]end ml",
            r"ml infrastructure",
            r"ml platform",
        ),
        ("ml_system_design",),
    ),
    Topic(
        "pytorch",
        "PyTorch",
        (r"pytorch", r"torch"),
        ("ml_coding",),
    ),
    Topic(
        "tensorflow",
        "TensorFlow / Keras",
        (r"tensorflow", r"keras", r"jax"),
        ("ml_coding",),
    ),
    Topic(
        "transformers",
        "Transformers & attention",
        (r"transformers?", r"attention mechanisms?", r"self[- ]attention", r"bert", r"gpt"),
        ("ml_coding", "ml_concepts"),
    ),
    Topic(
        "llm_rag",
        "LLMs / RAG",
        (
            r"llms?",
            r"large language models?",
            r"rag",
            r"retrieval[- ]augmented",
            r"prompt engineering",
            r"fine[- ]tuning",
            r"vector (?:database|search|store)s?",
            r"generative ai",
            r"genai",
        ),
        ("ml_system_design", "ml_concepts"),
    ),
    Topic(
        "deep_learning",
        "Deep learning",
        (r"deep learning", r"neural networks?", r"cnns?", r"convolutional"),
        ("ml_concepts", "ml_coding"),
    ),
    Topic(
        "nlp",
        "NLP",
        (r"nlp", r"natural language processing", r"text classification", r"named entity"),
        ("ml_concepts", "ml_depth"),
    ),
    Topic(
        "computer_vision",
        "Computer vision",
        (r"computer vision", r"image (?:classification|segmentation)", r"object detection"),
        ("ml_concepts", "ml_depth"),
    ),
    Topic(
        "recommender_systems",
        "Recommendation systems",
        (
            r"recommend(?:er|ation)s?(?: systems?)?",
            r"ranking",
            r"personali[sz]ation",
            r"collaborative filtering",
        ),
        ("ml_system_design", "ml_depth"),
    ),
    Topic(
        "sql_window_functions",
        "SQL & window functions",
        (r"sql", r"window functions?", r"postgres(?:ql)?", r"bigquery", r"snowflake"),
        ("sql",),
    ),
    Topic(
        "pandas",
        "pandas / data wrangling",
        (r"pandas", r"data wrangling", r"data cleaning", r"numpy"),
        ("sql", "ml_coding"),
    ),
    Topic(
        "ab_testing",
        "A/B testing & experimentation",
        (
            r"a/b tests?(?:ing)?",
            r"ab tests?(?:ing)?",
            r"experimentation",
            r"experiment design",
            r"design of experiments",
            r"controlled experiments?",
        ),
        ("statistics", "case_study"),
    ),
    Topic(
        "statistics",
        "Statistics & probability",
        (
            r"statistics",
            r"statistical",
            r"probability",
            r"hypothesis testing",
            r"bayesian",
            r"causal inference",
            r"regression analysis",
        ),
        ("statistics",),
    ),
    Topic(
        "spark",
        "Spark & big data",
        (r"spark", r"pyspark", r"hadoop", r"databricks", r"big data", r"distributed data"),
        ("sql", "ml_system_design"),
    ),
    Topic(
        "mlops",
        "MLOps & deployment",
        (
            r"mlops",
            r"model deployment",
            r"deploy(?:ing|ment)? models?",
            r"model monitoring",
            r"ci/cd",
            r"kubernetes",
            r"docker",
            r"feature stores?",
            r"mlflow",
            r"kubeflow",
            r"airflow",
        ),
        ("ml_system_design", "ml_depth"),
    ),
    Topic(
        "cloud",
        "Cloud (AWS / GCP / Azure)",
        (r"aws", r"gcp", r"google cloud", r"azure", r"sagemaker", r"vertex ai"),
        ("ml_system_design",),
    ),
    Topic(
        "ml_fundamentals",
        "ML fundamentals",
        (
            r"machine learning",
            r"supervised learning",
            r"classification",
            r"regression",
            r"gradient boosting",
            r"xgboost",
            r"scikit[- ]learn",
            r"sklearn",
            r"feature engineering",
        ),
        ("ml_concepts",),
    ),
    Topic(
        "time_series",
        "Time series & forecasting",
        (r"time[- ]series", r"forecasting", r"demand prediction"),
        ("ml_concepts", "statistics"),
    ),
    Topic(
        "algorithms",
        "Data structures & algorithms",
        (
            r"data structures",
            r"algorithms",
            r"leetcode",
            r"coding interviews?",
            r"software engineering",
        ),
        ("coding",),
    ),
    Topic(
        "product_sense",
        "Product sense & metrics",
        (r"product sense", r"product analytics", r"product metrics", r"business metrics", r"kpis?"),
        ("case_study",),
    ),
)

TOPIC_BY_KEY: dict[str, Topic] = {t.key: t for t in TOPICS}
TOPIC_COLUMNS = ["application_id", "topic", "topic_label", "matched"]


def _compiled(topic: Topic) -> re.Pattern[str]:
    # word boundaries that also work around symbols such as "a/b" or "ci/cd"
    alternatives = "|".join(f"(?:{p})" for p in topic.patterns)
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)


_PATTERNS: dict[str, re.Pattern[str]] = {t.key: _compiled(t) for t in TOPICS}


def match_topics(text: str | None) -> list[tuple[str, str]]:
    """The topics a text asks for: ``(topic key, matched phrase)`` in vocabulary order."""
    if not text:
        return []
    found = []
    for topic in TOPICS:
        hit = _PATTERNS[topic.key].search(text)
        if hit:
            found.append((topic.key, hit.group(0)))
    return found


def mentions(topic: Topic, texts: list[str]) -> bool:
    """Whether any of ``texts`` asks for ``topic`` (one of its phrases appears)."""
    pattern = _PATTERNS[topic.key]
    return any(pattern.search(text) for text in texts)


def application_topics(apps: pd.DataFrame) -> pd.DataFrame:
    """One row per (application, topic its job description asks for), with the matched phrase.

    Matching is vectorised per topic over all descriptions (``str.extract``).
    """
    if apps.empty or "job_description" not in apps:
        return pd.DataFrame(columns=TOPIC_COLUMNS)
    text = apps["job_description"].fillna("").astype(str)
    parts = []
    for topic in TOPICS:
        # the vocabulary's patterns have no capturing group: wrap the whole match in one
        matched = text.str.extract(f"({_PATTERNS[topic.key].pattern})", flags=re.IGNORECASE)[0]
        keep = matched.notna()
        if keep.any():
            parts.append(
                pd.DataFrame(
                    {
                        "application_id": apps.loc[keep, "id"].to_numpy(),
                        "topic": topic.key,
                        "topic_label": topic.label,
                        "matched": matched[keep].to_numpy(),
                    }
                )
            )
    if not parts:
        return pd.DataFrame(columns=TOPIC_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def objective_topics(objectives: pd.DataFrame) -> pd.DataFrame:
    """One row per (objective, topic its text mentions): which topics a learning plan covers."""
    columns = ["objective_id", "topic"]
    if objectives.empty:
        return pd.DataFrame(columns=columns)
    text = objectives["text"].fillna("").astype(str)
    parts = []
    for topic in TOPICS:
        keep = text.str.contains(_PATTERNS[topic.key], regex=True)
        if keep.any():
            parts.append(
                pd.DataFrame(
                    {"objective_id": objectives.loc[keep, "id"].to_numpy(), "topic": topic.key}
                )
            )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def topic_kinds_frame() -> pd.DataFrame:
    """The vocabulary's topic -> round kind links as a frame (one row per pair)."""
    return pd.DataFrame(
        [(t.key, t.label, kind) for t in TOPICS for kind in t.kinds],
        columns=["topic", "topic_label", "kind"],
    )
