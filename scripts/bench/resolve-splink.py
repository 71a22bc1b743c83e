"""Splink (DuckDB) on the records Skein resolves, as the peer in scripts/bench/resolve.ts.

Reads a CSV of records (unique_id, name, dob, phone, document, tax, address (street and number,
cleaned), postcode), trains a standard
Splink model (u by random sampling, m by EM sessions blocked on dob and on name, term-frequency
adjustment on the name) and prints JSON: the predicted pairs at the threshold and the seconds taken.
Names are lower-cased and accents removed with unicodedata (Splink expects standardised input).
"""
import json
import sys
import time
import unicodedata

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def fold(text):
    if not isinstance(text, str):
        return None
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w not in ("mr", "mrs", "ms")]
    return " ".join(sorted(words)) or None


def main():
    path, threshold = sys.argv[1], float(sys.argv[2])
    started = time.time()
    df = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
    df["name"] = df["name"].map(fold)
    df["first_token"] = df["name"].map(lambda n: n.split(" ")[0] if n else None)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88]).configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("phone"),
            cl.ExactMatch("document"),
            cl.ExactMatch("tax"),
            cl.ExactMatch("address"),
            cl.ExactMatch("postcode"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name"),
            block_on("dob"),
            block_on("phone"),
            block_on("document"),
            block_on("tax"),
            block_on("first_token", "substr(dob, 1, 7)"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(df, settings, db_api=DuckDBAPI())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("document"), block_on("tax")], recall=0.5
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name"))
    predictions = linker.inference.predict(threshold_match_probability=threshold).as_pandas_dataframe()
    pairs = [[a, b] for a, b in zip(predictions["unique_id_l"], predictions["unique_id_r"])]
    print(json.dumps({"seconds": time.time() - started, "pairs": pairs}))


if __name__ == "__main__":
    main()
