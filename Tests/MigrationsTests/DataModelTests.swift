import Foundation
import Postgres
import TestSupport
import Testing

/// The data model as migrated: the real geography, the policy's reference rows, and the constraints
/// that keep bad rows out.
@Suite("Data model")
struct DataModelTests {
    @Test("the geography matches sql/data/divisions.csv row for row: 9 prefectures, 88 counties")
    func geographyMatchesCSV() async throws {
        let database = try await ProjectDatabase.migrated("model")
        let csv = try String(contentsOf: Repository.url("sql/data/divisions.csv"), encoding: .utf8)
        var expected: [String] = []
        for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
            // code,name_zh,name_en,level,type,parent_code — English names may be quoted and hold commas.
            let fields = Self.csvFields(String(line))
            guard fields.count == 6, fields[3] != "province" else { continue }
            expected.append([fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]].joined(separator: "|"))
        }
        let rows = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("""
                SELECT code || '|' || name || '|' || name_en || '|prefecture|' || division_type || '|520000' FROM prefecture
                UNION ALL
                SELECT code || '|' || name || '|' || name_en || '|county|' || division_type || '|' || prefecture_code FROM county
                """)
        }
        let actual = (0..<rows.count).compactMap { rows[$0, 0] }
        #expect(actual.count == 97)
        #expect(Set(actual) == Set(expected))
        #expect(expected.filter { $0.contains("|prefecture|") }.count == 9)
        #expect(expected.filter { $0.contains("|county|") }.count == 88)
    }

    /// Rows of a CSV file (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks), header dropped.
    static func csvRows(_ path: String) throws -> [[String]] {
        let text = try String(contentsOf: Repository.url(path), encoding: .utf8)
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = scalars.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\r": continue
            case "\n": row.append(field); rows.append(row); row = []; field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return Array(rows.dropFirst())
    }

    /// The generated reference migrations are frozen once applied (their checksums are recorded), so a correction
    /// of a source goes into a later migration. This is what checks that both agree: the migrated database holds
    /// exactly what the sources say.
    @Test("public cluster notices, county industries and county adjacency equal their CSV sources after every migration")
    func referenceDataMatchesSources() async throws {
        let database = try await ProjectDatabase.migrated("model")
        let notices = try Self.csvRows("sql/data/clusters_public.csv").enumerated().map { index, fields in
            // year,level,name_zh,prefecture,county,leading_industry,source
            [String(index + 1), fields[0], fields[1], fields[2], fields[5], fields[6]].joined(separator: "|")
        }
        let industries = try Self.csvRows("sql/data/county_characteristic_industries.csv").enumerated().map { index, fields in
            // prefecture,county,industry,evidence,evidence_year,source
            [String(index + 1), fields[2], fields[3], fields[4], fields[5]].joined(separator: "|")
        }
        // Each shared border once in the source, in both directions in the table.
        let adjacency = try Self.csvRows("sql/data/county_adjacency.csv").flatMap { fields in
            [fields.joined(separator: "|"), [fields[1], fields[0], fields[2]].joined(separator: "|")]
        }
        let (storedNotices, storedIndustries, storedAdjacency) = try await ProjectDatabase.withConnection(database) { connection in
            func texts(_ sql: String) throws -> [String] {
                let rows = try connection.query(sql)
                return (0..<rows.count).compactMap { rows[$0, 0] }
            }
            return (try texts("SELECT concat_ws('|', id, year, level, name, leading_industry, source) FROM public_cluster_notice ORDER BY id"),
                    try texts("SELECT concat_ws('|', id, industry, evidence, evidence_year, source) FROM county_industry ORDER BY id"),
                    try texts("SELECT concat_ws('|', county_code, neighbour_code, shared_border_km) FROM county_adjacency ORDER BY 1"))
        }
        #expect(!notices.isEmpty && storedNotices == notices, "\(zip(storedNotices, notices).filter { $0 != $1 }.prefix(2))")
        #expect(!industries.isEmpty && storedIndustries == industries, "\(zip(storedIndustries, industries).filter { $0 != $1 }.prefix(2))")
        #expect(!adjacency.isEmpty && storedAdjacency.sorted() == adjacency.sorted(), "\(storedAdjacency.count) vs \(adjacency.count)")
        #expect(!storedNotices.contains { $0.contains("[source excerpt truncated here]") }, "the compiler's note is not data")
    }

    @Test("policy reference data: six bases, three funds plus bank credit, MIIT 2022 standard, 14th-FYP target of 30")
    func policyReference() async throws {
        let database = try await ProjectDatabase.migrated("model")
        let answer = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("""
                SELECT (SELECT count(*) FROM industrial_base),
                       (SELECT string_agg(code, ',' ORDER BY code) FROM fund),
                       (SELECT min_output_yuan::text || '/' || min_sme_output_share::text || '/' || leading_industry_share_over::text
                               || '/' || output_growth_over::text FROM recognition_standard WHERE code = 'MIIT-2022'),
                       (SELECT target_count::text || '/' || start_year || '-' || end_year FROM plan_target WHERE code = '14th-FYP'),
                       (SELECT size_yuan::text FROM fund WHERE code = 'NEW_INDUSTRIALIZATION_FUND'),
                       (SELECT count(*) FROM qualification_kind),
                       (SELECT count(*) FROM revocation_ground),
                       (SELECT count(*) FROM support_direction)
                """)
        }
        #expect(answer[0, 0] == "6")
        #expect(answer[0, 1] == "BANK_CREDIT,NEW_INDUSTRIALIZATION_FUND,NEW_MOMENTUM_FUND,SME_DEVELOPMENT_FUND")
        #expect(answer[0, 2] == "4000000000.00/0.7000/0.7000/0.1000")
        #expect(answer[0, 3] == "30/2021-2025")
        #expect(answer[0, 4] == "7000000000.00")
        #expect(answer[0, 5] == "8")
        #expect(answer[0, 6] == "5")
        #expect(answer[0, 7] == "6")
    }

    @Test("every table and column is commented, and every foreign key is indexed")
    func commentsAndIndexes() async throws {
        let database = try await ProjectDatabase.migrated("model")
        let (uncommented, unindexed) = try await ProjectDatabase.withConnection(database) { connection in
            let uncommented = try connection.query("""
                SELECT c.relname FROM pg_class c
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                  AND c.relname <> 'schema_migrations' AND obj_description(c.oid, 'pg_class') IS NULL
                UNION ALL
                SELECT c.relname || '.' || a.attname FROM pg_class c
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                  AND c.relname <> 'schema_migrations' AND col_description(c.oid, a.attnum) IS NULL
                ORDER BY 1
                """)
            // A foreign key is indexed when some index starts with its columns (in any order), or a
            // unique index on some of its columns already narrows a lookup to one row.
            let unindexed = try connection.query("""
                SELECT con.conrelid::regclass::text || '(' || con.conkey::text || ')'
                FROM pg_constraint con
                WHERE con.contype = 'f' AND connamespace = 'public'::regnamespace
                  AND NOT EXISTS (
                      SELECT 1 FROM pg_index i
                      WHERE i.indrelid = con.conrelid
                        AND ((SELECT array_agg(k ORDER BY k) FROM unnest((i.indkey::int2[])[0:array_length(con.conkey, 1) - 1]) k)
                               = (SELECT array_agg(k ORDER BY k) FROM unnest(con.conkey) k)
                             OR (i.indisunique AND (i.indkey::int2[]) <@ con.conkey)))
                ORDER BY 1
                """)
            return ((0..<uncommented.count).compactMap { uncommented[$0, 0] },
                    (0..<unindexed.count).compactMap { unindexed[$0, 0] })
        }
        #expect(uncommented == [])
        #expect(unindexed == [])
    }

    /// Splits one CSV line, honouring double quotes.
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            switch character {
            case "\"": quoted.toggle()
            case "," where !quoted:
                fields.append(current)
                current = ""
            default: current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
