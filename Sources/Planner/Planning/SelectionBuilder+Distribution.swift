import Catalog
import GraphQL

/// `distribution(dimension:, where:)` (regional balance, Art. 3): one row per bucket — all of them, empty
/// ones included — with the clusters matching `where` that fall in it, and what those clusters hold.
///
/// The domain lives in SQL functions (migration 0020), like the policy rules: `distribution_buckets` lists a
/// dimension's buckets and `cluster_figures_on` gives each cluster's enterprises, support approved by the day and
/// latest output before it; a cluster's bucket is the value of the same dimension `clusterGroups` groups by
/// (`GroupDimension`: its status on the day for STATUS). This builder only groups rows by bucket, for the figures
/// asked, over the clusters `where` keeps — in at most four grouped passes joined to the buckets by code, however many
/// buckets and figures there are:
/// - cluster count, enterprise count, support total and latest output, in one pass over the clusters' figures (one
///   narrow row per cluster, from their kept summaries; at scale 100 13 ms for today against 33 ms recounting);
/// - enterprises holding a tier on the day (little giants, champions, specialised SMEs), in one pass over the titles
///   of the tiers asked for that are valid then (`qualifications_valid_on`): they depend on the calendar, so no
///   summary keeps them;
/// - clusters by status on the day, in one pass joined to `clusters_status_on`;
/// - support by fund, in one pass over the measures approved by the day.
/// Every figure describes `asOf` (default today). The functions are inlined by PostgreSQL: the dimension, a constant
/// here, selects their branch when the statement is planned, and figures not asked are planned away.
extension SelectionBuilder {
    func distribution(_ group: FieldCollector.Group) throws(QueryError) -> SQLNode {
        var dimensionName: String?
        var filter: InputValue?
        var filterSource = InputSource.none
        for argument in group.first.arguments {
            guard let value = InputValue.resolve(argument.value, variables: state.variables), value != .null else { continue }
            switch argument.name.value {
            case "dimension": dimensionName = value.textValue
            case "where":
                filter = value
                filterSource = InputSource(argument.value)
            default: continue
            }
        }
        guard let dimensionName, ["PREFECTURE", "COUNTY", "INDUSTRIAL_BASE", "STATUS", "LEADING_INDUSTRY"].contains(dimensionName) else {
            throw .badInput("Unknown distribution dimension.", location: location(group.first))
        }
        let dimension = SQLNode.constant(dimensionName)
        let clusterEntity = try entity("Cluster")
        // The buckets are an unpaginated list: counted as many as the finest dimension has (the 88 counties).
        // It reads every enterprise (and title, indicator, support measure) once, whatever the buckets; a
        // filter is evaluated for every cluster.
        state.chargeRows(state.tableRows.rows(try entity("Enterprise").table), perThousandRows: ScanWeights.distribution)
        let outerBuckets = state.enterList(items: UnpaginatedLists.counties, candidates: state.tableRows.rows(clusterEntity.table))
        defer { state.leaveList(outerBuckets) }
        // `asOf`: the day statuses are taken on (filters on status use it too).
        let outerAsOf = state.asOf
        if let day = try dateArgument(group.first, "asOf") { state.asOf = day }
        defer { state.asOf = outerAsOf }
        let b = state.alias("b")

        /// The clusters `where` keeps, as conditions on the cluster row at `alias`.
        func kept(_ alias: String) throws(QueryError) -> [SQLNode] {
            guard let filter, let condition = try filterCondition(clusterEntity, filter, source: filterSource, alias: alias,
                                                                  field: group.first) else { return [] }
            return [condition]
        }
        /// `rows` joined to the cluster each row belongs to (`clusterID`), with that cluster's bucket: the value of the
        /// same dimension `clusterGroups(groupBy:)` groups by (clusters with no industrial base go to NONE), and the
        /// conditions of `where` on the cluster.
        let keyDimension = GroupDimension.all["Cluster"]?[dimensionName]
        func keyed(_ rows: SQLFrom, clusterID: SQLNode) throws(QueryError) -> (from: SQLFrom, key: SQLNode, conditions: [SQLNode]) {
            guard let keyDimension else { throw .unsupported("No cluster dimension \(dimensionName).") }
            let c = state.alias("c")
            var from = SQLFrom.join(rows, .inner, .table(name: clusterEntity.table, alias: c), on: .binary(.column(c, "id"), "=", clusterID))
            let j = state.alias("j")
            if let joined = keyDimension.join(from, row: c, alias: j, day: dayNode()) { from = joined }
            var key = keyDimension.node(row: c, joined: j)
            if dimensionName == "INDUSTRIAL_BASE" { key = .call("coalesce", [key, .cast(.constant("NONE"), "text")]) }
            return (from, key, try kept(c))
        }
        /// A grouped pass: `select`'s rows joined to the buckets by their `key` column.
        var joins: [(select: SQLSelect, alias: String)] = []
        func joinPass(_ select: SQLSelect) -> String {
            let alias = state.alias("f")
            joins.append((select, alias))
            return alias
        }

        // Cluster figures (one pass, built once something asks for it): aggregates over the clusters' figures.
        var figureAggregates: [SQLNode] = []
        let figureAlias = state.alias("f")
        let figures = state.alias("cf")
        func figure(_ aggregate: SQLNode) -> SQLNode {
            figureAggregates.append(aggregate)
            return .column(figureAlias, "v\(figureAggregates.count - 1)")
        }
        // Tier counts (one pass over the titles of the tiers asked for).
        var tierKinds: [String] = []
        let tierAlias = state.alias("f")
        let tierEnterprise = state.alias("e")
        let tierQualification = state.alias("q")
        func tier(_ kind: String) -> SQLNode {
            if !tierKinds.contains(kind) { tierKinds.append(kind) }
            return .column(tierAlias, "v\(tierKinds.firstIndex(of: kind) ?? 0)")
        }

        var pairs: [(key: String, value: SQLNode)] = []
        for sub in try collector.collect(group.subselections, typeName: "DistributionBucket") {
            let value: SQLNode
            switch sub.name {
            case "__typename": value = .call("to_json", [.literal("DistributionBucket")])
            case "key": value = .call("to_json", [.column(b, "code")])
            case "label": value = .call("to_json", [.column(b, "name")])
            case "prefecture", "county", "industrialBase":
                let target = try entity(sub.name == "prefecture" ? "Prefecture" : sub.name == "county" ? "County" : "IndustrialBase")
                let applies = (sub.name == "prefecture" && dimensionName == "PREFECTURE")
                    || (sub.name == "county" && dimensionName == "COUNTY")
                    || (sub.name == "industrialBase" && dimensionName == "INDUSTRIAL_BASE")
                guard applies else {
                    pairs.append((sub.responseKey, .null("json")))
                    continue
                }
                let alias = state.alias()
                value = try objectSubquery(target, alias: alias, conditions: [.binary(.column(alias, "code"), "=", .column(b, "code"))],
                                           group: sub)
            case "clusterCount":
                value = .call("to_json", [.call("coalesce", [figure(.countAll), .integer(0)])])
            case "enterpriseCount":
                // Province-level figures, as public as the map itself: a region-limited principal sees the same
                // counts as anonymous (docs/access.md), not fewer.
                value = .call("to_json", [.call("coalesce", [figure(.call("sum", [.column(figures, "enterprises")])), .integer(0)])])
            case "supportTotal":
                value = .call("to_json", [figure(.call("sum", [.column(figures, "support_total")]))])
            case "latestOutputValue":
                value = .call("to_json", [figure(.call("sum", [.column(figures, "latest_output")]))])
            case "littleGiantCount", "singleItemChampionCount", "specializedSmeCount":
                let kind = ["littleGiantCount": "LITTLE_GIANT", "singleItemChampionCount": "SINGLE_ITEM_CHAMPION",
                            "specializedSmeCount": "SPECIALIZED_SME"][sub.name] ?? ""
                value = .call("to_json", [.call("coalesce", [tier(kind), .integer(0)])])
            case "clustersByStatus":
                // One grouped pass over the matching clusters and their statuses on the day, by bucket and status.
                let x = state.alias("x")
                var statusPairs: [(key: String, value: SQLNode)] = []
                for item in try collector.collect(sub.subselections, typeName: "StatusCount") {
                    switch item.name {
                    case "status": statusPairs.append((item.responseKey, .call("to_json", [.column(x, "code")])))
                    case "count": statusPairs.append((item.responseKey, .call("to_json", [.column(x, "n")])))
                    default: statusPairs.append((item.responseKey, .call("to_json", [.literal("StatusCount")])))
                    }
                }
                let st = state.alias("st")
                let s = state.alias("s")
                let statuses = SQLFrom.join(.call(.call("clusters_status_on", [dayNode()]), alias: st), .inner,
                                            .table(name: "cluster_status", alias: s), on: .binary(.column(s, "code"), "=", .column(st, "status")))
                let rows = try keyed(statuses, clusterID: .column(st, "cluster_id"))
                let counted = SQLSelect(columns: [(rows.key, "key"), (.column(s, "code"), "code"), (.column(s, "rank"), "rank"),
                                                  (.countAll, "n")],
                                        from: [rows.from], conditions: rows.conditions,
                                        groupBy: [rows.key, .column(s, "code"), .column(s, "rank")])
                let pass = joinPass(SQLSelect(
                    columns: [(.column(x, "key"), "key"),
                              (.aggregate(name: "json_agg", argument: .jsonObject(statusPairs), orderBy: [SQLOrder(expression: .column(x, "rank"))],
                                          filter: nil), "v")],
                    from: [.subquery(counted, alias: x)], groupBy: [.column(x, "key")]))
                value = .call("coalesce", [.column(pass, "v"), .cast(.constant("[]"), "json")])
            case "supportByFund":
                // One grouped pass over the measures approved by the day, by bucket and fund.
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
                let m = state.alias("m")
                let rows = try keyed(.table(name: "support_measure", alias: m), clusterID: .column(m, "cluster_id"))
                let amounts = SQLSelect(
                    columns: [(rows.key, "key"), (.column(m, "fund_code"), "fund_code"),
                              (.call("sum", [.column(m, "amount_yuan")]), "amount")],
                    from: [rows.from],
                    conditions: [.isNull(.column(m, "fund_code"), negated: true), .isNull(.column(m, "amount_yuan"), negated: true),
                                 Self.approvedBy(m, dayNode())] + rows.conditions,
                    groupBy: [rows.key, .column(m, "fund_code")])
                let pass = joinPass(SQLSelect(
                    columns: [(.column(x, "key"), "key"),
                              (.aggregate(name: "json_agg", argument: .jsonObject(fundPairs),
                                          orderBy: [SQLOrder(expression: .column(x, "fund_code"))], filter: nil), "v")],
                    from: [.subquery(amounts, alias: x)], groupBy: [.column(x, "key")]))
                value = .call("coalesce", [.column(pass, "v"), .cast(.constant("[]"), "json")])
            default:
                throw .unsupported("DistributionBucket.\(sub.name) is not supported.")
            }
            pairs.append((sub.responseKey, value))
        }

        if !figureAggregates.isEmpty {
            let rows = try keyed(.call(.call("cluster_figures_on", [dayNode()]), alias: figures), clusterID: .column(figures, "cluster_id"))
            joins.append((SQLSelect(columns: [(rows.key, "key")] + figureAggregates.enumerated().map { ($0.element, "v\($0.offset)") },
                                    from: [rows.from], conditions: rows.conditions, groupBy: [rows.key]), figureAlias))
        }
        if !tierKinds.isEmpty {
            // An enterprise counts once per tier, whatever number of that tier's titles it holds.
            let titles = SQLFrom.join(.call(.call("qualifications_valid_on", [dayNode()]), alias: tierQualification), .inner,
                                      .table(name: "enterprise", alias: tierEnterprise),
                                      on: .binary(.column(tierEnterprise, "id"), "=", .column(tierQualification, "enterprise_id")))
            let rows = try keyed(titles, clusterID: .column(tierEnterprise, "cluster_id"))
            let kinds = SQLNode.cast(.constant("{" + tierKinds.joined(separator: ",") + "}"), "text[]")
            let counts = tierKinds.enumerated().map { index, kind in
                (SQLNode.countDistinct(.column(tierEnterprise, "id"),
                                       filter: .binary(.column(tierQualification, "kind_code"), "=", .constant(kind))), "v\(index)" as String?)
            }
            joins.append((SQLSelect(columns: [(rows.key, "key")] + counts, from: [rows.from],
                                    conditions: [.binary(.column(tierQualification, "kind_code"), "=", .call("ANY", [kinds]))] + rows.conditions,
                                    groupBy: [rows.key]), tierAlias))
        }

        var buckets = SQLFrom.call(.call("distribution_buckets", [dimension]), alias: b)
        for join in joins {
            buckets = .join(buckets, .left, .subquery(join.select, alias: join.alias),
                            on: .binary(.column(join.alias, "key"), "=", .column(b, "code")))
        }
        // Industries are the buckets of the clusters the filter keeps, not of every cluster.
        var bucketConditions: [SQLNode] = []
        if dimensionName == "LEADING_INDUSTRY", filter != nil {
            let c = state.alias("c")
            bucketConditions.append(.exists(SQLSelect(columns: [(.integer(1), nil)], from: [.table(name: clusterEntity.table, alias: c)],
                                                      conditions: [.binary(.column(c, "leading_industry"), "=", .column(b, "code"))] + (try kept(c)))))
        }
        return .jsonArray(element: .jsonObject(pairs), orderBy: [SQLOrder(expression: .column(b, "rank")), SQLOrder(expression: .column(b, "code"))],
                          from: SQLSelect(columns: [], from: [buckets], conditions: bucketConditions))
    }
}

extension SelectionBuilder {
    /// Support measure `m` was approved by `day`: on its approval date, or, when only its year is recorded, once that
    /// year is over, so a past day never counts a measure decided after it.
    static func approvedBy(_ m: String, _ day: SQLNode) -> SQLNode {
        .binary(knownOn(m), "<=", day)
    }

    /// The day support measure `m` is known: the expression of the index `support_measure_known_on_idx`.
    static func knownOn(_ m: String) -> SQLNode {
        .call("coalesce", [.column(m, "approved_on"),
                           .call("make_date", [.cast(.column(m, "year"), "int"), .integer(12), .integer(31)])])
    }
}
