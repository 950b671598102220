import Catalog
import GraphQL

/// `distribution(dimension:, where:)` (regional balance, Art. 3): one row per bucket — all of them, empty
/// ones included — with the clusters matching `where` that fall in it, and what those clusters hold.
///
/// The numbers come from at most three grouped passes over the matching clusters, keyed by bucket and joined to the
/// buckets, however many buckets and figures there are:
/// - cluster count, enterprise count, latest output and support total, in one pass over the clusters and their kept
///   summaries (`cluster_summary`, migration 0014), one narrow row per cluster. Output and support describe the day:
///   the kept latest output when its year is before the day's year (else the indicator of that year is looked up),
///   and the kept support total except for clusters with a measure approved after the day, which are recounted.
///   For today both are the kept figures (at scale 100: 13 ms, against 33 ms recounting every cluster);
/// - enterprises holding a tier on the day (little giants, champions, specialised SMEs), in one pass over the
///   titles of the tiers asked for that are valid then (`qualifications_valid_on`, migration 0016). These depend on
///   the calendar, so no summary keeps them;
/// - clusters by status on the day, in one pass joined to the set function `clusters_status_on` (migration 0015).
/// Every figure describes `asOf` (default today): titles valid then, measures approved by then, statuses then.
/// Counting enterprises, measures and indicators per request, even once per figure, read every enterprise: 138 ms
/// at scale 100 by prefecture; a correlated subquery per bucket and figure, as first written, 0.23 s. Lists and
/// objects inside a bucket stay correlated subqueries; they are small. The whole list is one subquery.
extension SelectionBuilder {
    private struct Buckets {
        /// FROM item producing `code`, `name` and `rank` per bucket, aliased by the caller.
        let source: String
        /// Condition putting cluster `{c}` in bucket `{b}`.
        let membership: String
        /// The bucket code of cluster `{c}`, after `keyJoin`.
        let key: String
        /// Joins `key` needs (may be empty), over cluster `{c}`.
        var keyJoin = ""
    }

    func distribution(_ group: FieldCollector.Group) throws(QueryError) -> SQLNode {
        var dimension: String?
        var filter: InputValue?
        var filterSource = InputSource.none
        for argument in group.first.arguments {
            guard let value = InputValue.resolve(argument.value, variables: state.variables), value != .null else { continue }
            switch argument.name.value {
            case "dimension": dimension = value.textValue
            case "where":
                filter = value
                filterSource = InputSource(argument.value)
            default: continue
            }
        }
        let clusterEntity = try entity("Cluster")
        // The buckets are an unpaginated list: counted as many as the finest dimension has (the 88 counties).
        // It reads every enterprise (and title, indicator, support measure) once, whatever the buckets; a
        // filter is evaluated for every cluster.
        state.chargeRows(state.tableRows.rows(try entity("Enterprise").table), perThousandRows: ScanWeights.distribution)
        let outerBuckets = state.enterList(items: UnpaginatedLists.counties, candidates: state.tableRows.rows(clusterEntity.table))
        defer { state.leaveList(outerBuckets) }
        let b = state.alias("b")
        // `asOf`: the day statuses are taken on (filters on status use it too).
        let outerAsOf = state.asOf
        if let day = try dateArgument(group.first, "asOf") { state.asOf = day }
        defer { state.asOf = outerAsOf }

        // The SQL below is still written as text with holes: `{day}` and `{hN}` are nodes (the day, filter
        // conditions, JSON objects) filled in when the statement is rendered, so no parameter is rendered here.
        // The day is made a node once, on first use, however many passes use it.
        var dayHole: SQLNode?
        func day() -> String {
            if dayHole == nil { dayHole = dayNode() }
            return "{day}"
        }
        var holes: [String: SQLNode] = [:]
        /// A hole in the text for `node`.
        func hole(_ node: SQLNode) -> String {
            let name = "h\(holes.count)"
            holes[name] = node
            return "{\(name)}"
        }
        /// `text` as a node, its `{day}` and the holes made so far filled in when rendered.
        func sql(_ text: String) -> SQLNode {
            var filled = holes
            if let dayHole { filled["day"] = dayHole }
            return .template(text, filled)
        }
        /// `text` with `{c}` and, when present, `{day}` (left as a hole) marked.
        func fill(_ text: String, _ c: String) -> String {
            let filled = text.replacingOccurrences(of: "{c}", with: c)
            if filled.contains("{day}") { _ = day() }
            return filled
        }

        /// The conditions for cluster row `c` to count in this bucket.
        func inBucket(_ c: String, _ buckets: Buckets) throws(QueryError) -> String {
            var text = fill(buckets.membership, c).replacingOccurrences(of: "{b}", with: b)
            if let filter, let condition = try filterCondition(clusterEntity, filter, source: filterSource, alias: c, field: group.first) {
                text += " AND " + hole(condition)
            }
            return text
        }

        let buckets: Buckets
        switch dimension {
        case "PREFECTURE":
            buckets = Buckets(source: "(SELECT code, name, 0 AS rank FROM prefecture)",
                              // As IN over the prefecture's counties, so the cluster index on the applicant county is used.
                              membership: "{c}.applicant_county_code IN (SELECT k.code FROM county k WHERE k.prefecture_code = {b}.code)",
                              key: "{c}_k.prefecture_code", keyJoin: " JOIN county {c}_k ON {c}_k.code = {c}.applicant_county_code")
        case "COUNTY":
            buckets = Buckets(source: "(SELECT code, name, 0 AS rank FROM county)", membership: "{c}.applicant_county_code = {b}.code",
                              key: "{c}.applicant_county_code")
        case "INDUSTRIAL_BASE":
            buckets = Buckets(source: "(SELECT code, name, rank FROM industrial_base UNION ALL SELECT 'NONE', '无所属基地', 32767)",
                              membership: "coalesce({c}.industrial_base_code, 'NONE') = {b}.code",
                              key: "coalesce({c}.industrial_base_code, 'NONE')")
        case "STATUS":
            // Statuses from the set function, joined once per pass rather than computed by a call per cluster.
            buckets = Buckets(source: "(SELECT code, name, rank FROM cluster_status)",
                              membership: "(SELECT {c}_m.status FROM clusters_status_on({day}) {c}_m WHERE {c}_m.cluster_id = {c}.id) = {b}.code",
                              key: "{c}_st.status", keyJoin: " JOIN clusters_status_on({day}) {c}_st ON {c}_st.cluster_id = {c}.id")
        case "LEADING_INDUSTRY":
            let c0 = state.alias("c")
            var source = "(SELECT DISTINCT \(c0).leading_industry AS code, \(c0).leading_industry AS name, 0 AS rank FROM cluster \(c0)"
            if let filter, let condition = try filterCondition(clusterEntity, filter, source: filterSource, alias: c0, field: group.first) {
                source += " WHERE " + hole(condition)
            }
            buckets = Buckets(source: source + ")", membership: "{c}.leading_industry = {b}.code", key: "{c}.leading_industry")
        default:
            throw .badInput("Unknown distribution dimension.", location: location(group.first))
        }

        /// Grouped passes, joined to the buckets by code.
        var joins: [String] = []
        /// A pass over `from` (whose cluster alias is `c`): the bucket key, the joins it needs, and `from` with
        /// the filter and `extraCondition` applied, ready for `SELECT key, … FROM` it and `GROUP BY` the key.
        func passSource(from: String, c: String, extraCondition: String? = nil) throws(QueryError) -> (key: String, rows: String) {
            let key = fill(buckets.key, c)
            let keyJoin = fill(buckets.keyJoin, c)
            var conditions: [String] = []
            if let filter, let condition = try filterCondition(clusterEntity, filter, source: filterSource, alias: c, field: group.first) {
                conditions.append(hole(condition))
            }
            if let extraCondition { conditions.append(extraCondition) }
            return (key, from + keyJoin + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")))
        }

        // Cluster figures, from each cluster's kept summary (migration 0014): one narrow row per cluster.
        var summary = GroupedPass(alias: state.alias("f"))
        let summaryCluster = state.alias("c")
        let summaryRow = state.alias("s")
        // Support approved by the day: the kept total, except for clusters with a measure approved after the day, which
        // are recounted from their measures (`late`, joined to the summary pass only when support is asked for).
        let late = state.alias("ml")
        var supportAsked = false
        // Enterprises holding a title valid on the day, by tier: read from the titles of the tiers asked for,
        // not from every enterprise.
        var tiers = GroupedPass(alias: state.alias("f"))
        let tierCluster = state.alias("c")
        var tierKinds: [String] = []
        let tierEnterprise = state.alias("e")
        let tierQualification = state.alias("q")

        var pairs: [(key: String, value: SQLNode)] = []
        for sub in try collector.collect(group.subselections, typeName: "DistributionBucket") {
            let c = state.alias("c")
            let value: SQLNode
            switch sub.name {
            case "__typename": value = .call("to_json", [.literal("DistributionBucket")])
            case "key": value = .call("to_json", [.column(b, "code")])
            case "label": value = .call("to_json", [.column(b, "name")])
            case "prefecture", "county", "industrialBase":
                let target = try entity(sub.name == "prefecture" ? "Prefecture" : sub.name == "county" ? "County" : "IndustrialBase")
                let applies = (sub.name == "prefecture" && dimension == "PREFECTURE")
                    || (sub.name == "county" && dimension == "COUNTY")
                    || (sub.name == "industrialBase" && dimension == "INDUSTRIAL_BASE")
                guard applies else {
                    pairs.append((sub.responseKey, .null("json")))
                    continue
                }
                let alias = state.alias()
                value = try objectSubquery(target, alias: alias, conditions: [.binary(.column(alias, "code"), "=", .column(b, "code"))], group: sub)
            case "clusterCount":
                value = .call("to_json", [.fragment("coalesce(\(summary.column("count(*)")), 0)")])
            case "clustersByStatus":
                // One grouped pass over the matching clusters and their statuses, by bucket and status.
                let x = state.alias("x")
                var statusPairs: [(key: String, value: SQLNode)] = []
                for item in try collector.collect(sub.subselections, typeName: "StatusCount") {
                    switch item.name {
                    case "status": statusPairs.append((item.responseKey, .call("to_json", [.column(x, "code")])))
                    case "count": statusPairs.append((item.responseKey, .call("to_json", [.column(x, "n")])))
                    default: statusPairs.append((item.responseKey, .call("to_json", [.literal("StatusCount")])))
                    }
                }
                let pass = state.alias("f")
                let st = state.alias("st")
                let s = state.alias("s")
                let source = try passSource(from: "cluster \(c) JOIN clusters_status_on(\(day())) \(st) ON \(st).cluster_id = \(c).id "
                                                + "JOIN cluster_status \(s) ON \(s).code = \(st).status", c: c)
                joins.append(" LEFT JOIN (SELECT \(x).key, json_agg(\(hole(.jsonObject(statusPairs))) ORDER BY \(x).rank) AS v "
                    + "FROM (SELECT \(source.key) AS key, \(s).code, \(s).rank, count(*) AS n FROM \(source.rows) GROUP BY 1, 2, 3) \(x) "
                    + "GROUP BY \(x).key) \(pass) ON \(pass).key = \(b).code")
                value = .fragment("coalesce(\(pass).v, '[]'::json)")
            case "enterpriseCount":
                // Province-level figures, as public as the map itself: a region-limited principal sees the same
                // counts as anonymous (docs/access.md), not fewer.
                value = .call("to_json", [.fragment("coalesce(\(summary.column("sum(\(summaryRow).enterprise_count)")), 0)")])
            case "littleGiantCount", "singleItemChampionCount", "specializedSmeCount":
                let kind = ["littleGiantCount": "LITTLE_GIANT", "singleItemChampionCount": "SINGLE_ITEM_CHAMPION",
                            "specializedSmeCount": "SPECIALIZED_SME"][sub.name] ?? ""
                if !tierKinds.contains(kind) { tierKinds.append(kind) }
                // An enterprise counts once per tier, whatever number of that tier's qualifications it holds.
                let column = tiers.column("count(DISTINCT \(tierEnterprise).id) FILTER (WHERE \(tierQualification).kind_code = "
                                          + hole(.constant(kind)) + ")")
                value = .call("to_json", [.fragment("coalesce(\(column), 0)")])
            case "latestOutputValue":
                // The output of each cluster's latest year before the day's year (a year's figures exist once it is
                // over): the kept latest year when it is earlier than that, as it is for today; else looked up.
                let year = "extract(year FROM \(day()))"
                value = .call("to_json", [.fragment(summary.column(
                    "sum(CASE WHEN \(summaryRow).latest_indicator_year < \(year) THEN \(summaryRow).latest_output_value "
                        + "ELSE (SELECT sub_ci.output_value FROM cluster_indicator sub_ci WHERE sub_ci.cluster_id = \(summaryCluster).id "
                        + "AND sub_ci.year < \(year) ORDER BY sub_ci.year DESC LIMIT 1) END)"))])
            case "supportTotal":
                supportAsked = true
                value = .call("to_json", [.fragment(summary.column(
                    "sum(CASE WHEN \(late).cluster_id IS NULL THEN \(summaryRow).support_total_yuan ELSE \(late).by_day END)"))])
            case "supportByFund":
                let x = state.alias("x")
                var fundPairs: [(key: String, value: SQLNode)] = []
                for item in try collector.collect(sub.subselections, typeName: "FundAmount") {
                    switch item.name {
                    case "fund":
                        let alias = state.alias()
                        fundPairs.append((item.responseKey, try objectSubquery(try entity("Fund"), alias: alias,
                            conditions: [.binary(.column(alias, "code"), "=", .column(x, "fund_code"))], group: item)))
                    case "amount": fundPairs.append((item.responseKey, .call("to_json", [.column(x, "amount")])))
                    default: fundPairs.append((item.responseKey, .call("to_json", [.literal("FundAmount")])))
                    }
                }
                value = sql("(SELECT coalesce(json_agg(\(hole(.jsonObject(fundPairs))) ORDER BY \(x).fund_code), '[]'::json) "
                    + "FROM (SELECT m.fund_code, sum(m.amount_yuan) AS amount FROM support_measure m JOIN cluster \(c) ON \(c).id = m.cluster_id "
                    + "WHERE \(try inBucket(c, buckets)) AND m.fund_code IS NOT NULL AND m.amount_yuan IS NOT NULL "
                    + "AND \(Self.approvedBy("m", day())) GROUP BY m.fund_code) \(x))")
            default:
                throw .unsupported("DistributionBucket.\(sub.name) is not supported.")
            }
            pairs.append((sub.responseKey, value))
        }
        /// One grouped subquery computing all of `pass`'s aggregates over `from` (cluster alias `c`), joined by bucket.
        func join(_ pass: GroupedPass, from: String, c: String, extraCondition: String? = nil) throws(QueryError) {
            guard !pass.aggregates.isEmpty else { return }
            let source = try passSource(from: from, c: c, extraCondition: extraCondition)
            let values = pass.aggregates.enumerated().map { "\($0.element) AS v\($0.offset)" }.joined(separator: ", ")
            joins.append(" LEFT JOIN (SELECT \(source.key) AS key, \(values) FROM \(source.rows) GROUP BY 1) \(pass.alias) ON \(pass.alias).key = \(b).code")
        }
        var summaryFrom = "cluster \(summaryCluster) JOIN cluster_summary \(summaryRow) ON \(summaryRow).cluster_id = \(summaryCluster).id"
        if supportAsked {
            // Clusters with a measure approved after the day, found through the index on the day a measure is known
            // (migration 0016): none for today, so today's totals are the kept ones.
            summaryFrom += " LEFT JOIN (SELECT sub_m.cluster_id, sum(sub_m.amount_yuan) FILTER (WHERE \(Self.approvedBy("sub_m", day()))) AS by_day "
                + "FROM support_measure sub_m WHERE sub_m.cluster_id IN (SELECT sub_l.cluster_id FROM support_measure sub_l "
                + "WHERE \(Self.knownOn("sub_l")) > \(day())) GROUP BY sub_m.cluster_id) \(late) ON \(late).cluster_id = \(summaryCluster).id"
        }
        try join(summary, from: summaryFrom, c: summaryCluster)
        if !tiers.aggregates.isEmpty {
            try join(tiers, from: "qualifications_valid_on(\(day())) \(tierQualification) "
                         + "JOIN enterprise \(tierEnterprise) ON \(tierEnterprise).id = \(tierQualification).enterprise_id "
                         + "JOIN cluster \(tierCluster) ON \(tierCluster).id = \(tierEnterprise).cluster_id", c: tierCluster,
                     extraCondition: "\(tierQualification).kind_code IN (" + tierKinds.map { hole(.constant($0)) }.joined(separator: ", ") + ")")
        }
        let text = "(SELECT coalesce(json_agg(\(hole(.jsonObject(pairs))) ORDER BY \(b).rank, \(b).code), '[]'::json) "
            + "FROM \(buckets.source) \(b)\(joins.joined()))"
        if let dayHole { holes["day"] = dayHole }
        return .template(text, holes)
    }
}

extension SelectionBuilder {
    /// Support measure `m` was approved by `day` (SQL): on its approval date, or, when only its year is recorded,
    /// once that year is over, so a past day never counts a measure decided after it.
    static func approvedBy(_ m: String, _ day: String) -> String {
        "\(knownOn(m)) <= \(day)"
    }

    /// The day support measure `m` is known (SQL): the expression of the index `support_measure_known_on_idx`.
    static func knownOn(_ m: String) -> String {
        "coalesce(\(m).approved_on, make_date(\(m).year::int, 12, 31))"
    }
}

/// Figures computed together in one grouped pass of `distribution`, each an aggregate over the matching clusters,
/// read back per bucket as `alias.v0`, `alias.v1`, …
private struct GroupedPass {
    let alias: String
    var aggregates: [String] = []

    /// The column of the pass that will hold `aggregate` per bucket (the same column when asked twice).
    mutating func column(_ aggregate: String) -> String {
        if let index = aggregates.firstIndex(of: aggregate) { return "\(alias).v\(index)" }
        aggregates.append(aggregate)
        return "\(alias).v\(aggregates.count - 1)"
    }
}
