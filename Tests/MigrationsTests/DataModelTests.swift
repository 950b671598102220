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
