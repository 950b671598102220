/// The exchange's SQL, all of it: statements built from `RecordSheets`' table and column names and `CodeList`'s
/// tables (never from a file's text; a file's values reach PostgreSQL through COPY and bound parameters).
///
/// An import stages each kind's rows in a temporary table `stage_<kind>` (`n`: the row's index in the import, then
/// one text column per sheet column, `ok`: no problem found, `pass`: 1, or 2 for rows waiting for a later kind) and
/// writes from there in one statement per kind, resolving natural keys to ids on the way.
enum ExchangeSQL {
    /// A code list, in its order: code, name, English name, parent code.
    static func codeList(_ list: CodeList) -> String {
        let parent = list.parentColumn ?? "NULL::text"
        let english = list.englishNameColumn ?? "''"
        return "SELECT code::text, name, \(english), \(parent) FROM \(list.table) ORDER BY \(list.orderColumn), code"
    }

    static func stage(_ kind: RecordKind) -> String { "stage_" + kind.rawValue }

    static func createStage(_ sheet: ParsedSheet) -> String {
        let columns = sheet.columns.map { quoted($0.name) + " text" }.joined(separator: ", ")
        return "CREATE TEMP TABLE \(stage(sheet.record.kind)) (n int PRIMARY KEY, \(columns), ok boolean NOT NULL, pass int NOT NULL) ON COMMIT DROP"
    }

    static func copyStage(_ sheet: ParsedSheet) -> String {
        let columns = sheet.columns.map { quoted($0.name) }.joined(separator: ", ")
        return "COPY \(stage(sheet.record.kind)) (n, \(columns), ok, pass) FROM STDIN"
    }

    /// The SQL type a column's text is cast to.
    static func type(of kind: ColumnKind) -> String {
        switch kind {
        case .text, .code, .creditCode: return "text"
        case .day: return "date"
        case .integer: return "int"
        case .decimal: return "numeric"
        case .boolean: return "boolean"
        }
    }

    /// How a referenced record is found: its table and the condition on its row `x`, given the value's expression
    /// and the row's cluster id.
    static func lookup(_ kind: RecordKind, value: String, cluster: String) -> (table: String, condition: String, id: String) {
        switch kind {
        case .clusters: return ("cluster", "x.code = \(value)", "x.id")
        case .enterprises: return ("enterprise", "x.credit_code = \(value)", "x.id")
        case .funds: return ("fund", "x.code = \(value)", "x.code")
        case .applications: return ("application", "x.cluster_id = \(cluster) AND x.round_year = (\(value))::int", "x.id")
        case .recognitions: return ("recognition", "x.cluster_id = \(cluster) AND x.recognized_on = (\(value))::date", "x.id")
        case .reviews: return ("review", "x.cluster_id = \(cluster) AND x.requested_on = (\(value))::date", "x.id")
        default: return ("", "false", "NULL")
        }
    }

    /// The value a sheet column stores, read from the stage row `s`.
    static func expression(_ column: RecordColumn, in sheet: ParsedSheet) -> String {
        let value = "s." + quoted(column.name)
        switch column.target {
        case .column:
            return "(\(value))::\(type(of: column.kind))"
        case .reference(let kind, _), .clusterRecord(let kind, _):
            let found = lookup(kind, value: value, cluster: clusterExpression(sheet))
            return "(SELECT \(found.id) FROM \(found.table) x WHERE \(found.condition))"
        }
    }

    /// The row's cluster id: from its cluster code column.
    static func clusterExpression(_ sheet: ParsedSheet) -> String {
        guard sheet.columns.contains(where: { $0.name == "cluster_code" }) else { return "NULL::bigint" }
        return "(SELECT x.id FROM cluster x WHERE x.code = s.cluster_code)"
    }

    static func targetColumn(_ column: RecordColumn) -> String {
        switch column.target {
        case .column(let name), .reference(_, let name), .clusterRecord(_, let name): return name
        }
    }

    /// Rows whose referenced record is found neither in the database nor (already written) in this import:
    /// `n` and the value.
    static func missingReferences(_ column: RecordColumn, in sheet: ParsedSheet) -> String {
        "SELECT s.n, s.\(quoted(column.name)) FROM \(stage(sheet.record.kind)) s WHERE s.\(quoted(column.name)) IS NOT NULL "
            + "AND s.pass = $1::int AND \(expression(column, in: sheet)) IS NULL ORDER BY s.n"
    }

    /// Enterprises whose credit code fails GB 32100's check character (the database's own check).
    static func invalidCreditCodes(_ sheet: ParsedSheet) -> String {
        "SELECT s.n FROM \(stage(sheet.record.kind)) s WHERE s.ok AND NOT is_valid_credit_code(s.credit_code) ORDER BY s.n"
    }

    /// Groups of staged rows (their n, first first) sharing a key.
    static func duplicateKeys(_ sheet: ParsedSheet) -> String {
        let keys = sheet.record.keyColumns.map { "s." + quoted($0.name) }.joined(separator: ", ")
        return "SELECT array_agg(s.n ORDER BY s.n)::text FROM \(stage(sheet.record.kind)) s WHERE s.ok GROUP BY \(keys) HAVING count(*) > 1 ORDER BY min(s.n)"
    }

    static func countGoodRows(_ kind: RecordKind) -> String {
        "SELECT count(*) FROM \(stage(kind)) WHERE ok"
    }

    /// How many of the rows n = ANY($1) are still good.
    static func countGood(_ kind: RecordKind) -> String {
        "SELECT count(*) FROM \(stage(kind)) WHERE ok AND n = ANY ($1::int[])"
    }

    /// The distinct cluster codes a kind's staged rows name.
    static func stagedClusterCodes(_ kind: RecordKind) -> String {
        "SELECT DISTINCT cluster_code FROM \(stage(kind)) WHERE cluster_code IS NOT NULL"
    }

    /// The first staged row naming the cluster $1 (and, with `extraColumn`, holding $2 there).
    static func firstRow(_ kind: RecordKind, extraColumn: String?) -> String {
        "SELECT min(n) FROM \(stage(kind)) WHERE cluster_code = $1" + (extraColumn.map { " AND \(quoted($0)) = $2" } ?? "")
    }

    static func markProblems(_ kind: RecordKind) -> String {
        "UPDATE \(stage(kind)) SET ok = false WHERE n = ANY ($1::int[])"
    }

    /// Inserts the staged rows of one pass with `n` in [$1, $2] and updates those whose key exists and whose
    /// values differ; answers (inserted, updated).
    static func upsert(_ sheet: ParsedSheet) -> String {
        let record = sheet.record
        let present = sheet.columns
        var names = present.map(targetColumn)
        var values = present.map { expression($0, in: sheet) }
        for extra in record.extraColumns {
            names.append(extra.column)
            switch extra.value {
            case .constant(let literal): values.append(literal)
            case .prefectureOfCounty(let column): values.append("(SELECT x.prefecture_code FROM county x WHERE x.code = s.\(quoted(column)))")
            }
        }
        let keys = record.keyColumns.map(targetColumn)
        let updatable = present.filter { !$0.isKey }.map(targetColumn)
            + record.extraColumns.filter { !$0.onInsertOnly }.map(\.column)
        let conflict: String
        if updatable.isEmpty {
            conflict = "ON CONFLICT (\(keys.joined(separator: ", "))) DO NOTHING"
        } else {
            let sets = updatable.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
            let old = updatable.map { "t.\($0)" }.joined(separator: ", ")
            let new = updatable.map { "EXCLUDED.\($0)" }.joined(separator: ", ")
            conflict = "ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET \(sets) WHERE (\(old), NULL) IS DISTINCT FROM (\(new), NULL)"
        }
        return """
            WITH written AS (
                INSERT INTO \(record.table) AS t (\(names.joined(separator: ", ")))
                SELECT \(values.joined(separator: ", ")) FROM \(stage(record.kind)) s
                WHERE s.ok AND s.pass = $3::int AND s.n BETWEEN $1::int AND $2::int ORDER BY s.n
                \(conflict)
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written
            """
    }

    /// Deletes the records of a kind whose key is not among the staged rows (`--delete-missing`); answers the count.
    static func deleteMissing(_ sheet: ParsedSheet) -> String {
        let record = sheet.record
        let match = record.keyColumns.map { "t.\(targetColumn($0)) = \(expression($0, in: sheet))" }.joined(separator: " AND ")
        return """
            WITH gone AS (
                DELETE FROM \(record.table) t
                WHERE NOT EXISTS (SELECT 1 FROM \(stage(record.kind)) s WHERE \(match))
                RETURNING 1
            )
            SELECT count(*) FROM gone
            """
    }

    /// The stored value of a sheet column as text, read from the table's row `t`: the reverse of `expression`.
    static func exportExpression(_ column: RecordColumn) -> String {
        switch column.target {
        case .column(let name):
            return "t.\(name)::text"
        case .reference(let kind, let name):
            switch kind {
            case .clusters: return "(SELECT x.code FROM cluster x WHERE x.id = t.\(name))"
            case .enterprises: return "(SELECT x.credit_code FROM enterprise x WHERE x.id = t.\(name))"
            default: return "t.\(name)::text"
            }
        case .clusterRecord(let kind, let name):
            switch kind {
            case .applications: return "(SELECT x.round_year::text FROM application x WHERE x.id = t.\(name))"
            case .recognitions: return "(SELECT x.recognized_on::text FROM recognition x WHERE x.id = t.\(name))"
            case .reviews: return "(SELECT x.requested_on::text FROM review x WHERE x.id = t.\(name))"
            default: return "NULL::text"
            }
        }
    }

    static func countRows(_ sheet: RecordSheet) -> String {
        "SELECT count(*) FROM \(sheet.table)"
    }

    /// Every record of a kind, its sheet's columns in order, sorted by its key: a cursor's query.
    static func exportRows(_ sheet: RecordSheet) -> String {
        let columns = sheet.columns.map(exportExpression)
        let order = sheet.keyColumns.map { exportExpression($0) }.joined(separator: ", ")
        return "SELECT \(columns.joined(separator: ", ")) FROM \(sheet.table) t ORDER BY \(order)"
    }

    /// Art. 2 and 13 for the clusters whose codes are given: (cluster code, rule, Chinese, English).
    static let clusterGeographyProblems = """
        SELECT c.code, g.rule, g.message_zh, g.message
        FROM cluster_geography_problems(ARRAY(SELECT id FROM cluster WHERE code = ANY ($1::text[]))) g
        JOIN cluster c ON c.id = g.cluster_id ORDER BY c.code
        """

    /// Art. 15-16 for the recognitions of the given clusters: (cluster code, recognition day, rule, Chinese, English).
    static let recognitionBasisProblems = """
        SELECT c.code, r.recognized_on::text, b.rule, b.message_zh, b.message
        FROM recognition_basis_problems(ARRAY(SELECT r.id FROM recognition r JOIN cluster c ON c.id = r.cluster_id
                                              WHERE c.code = ANY ($1::text[]))) b
        JOIN recognition r ON r.id = b.recognition_id JOIN cluster c ON c.id = r.cluster_id ORDER BY c.code, r.recognized_on
        """

    static let sampleDataPresent = "SELECT EXISTS (SELECT 1 FROM data_set WHERE kind = 'sample')::text"

    static let recordImport = """
        INSERT INTO data_set (code, kind, title, description, source, loaded_by, files, counts, parameters)
        VALUES ('import-' || to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYYMMDD"t"HH24MISS"-"US'), 'import',
                '导入 Import: ' || $1, $2, $1, $3 || ' as ' || current_user, $4::jsonb, $5::jsonb, '{}'::jsonb)
        RETURNING code
        """

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
