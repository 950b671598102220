@testable import Exchange
import Foundation
import Postgres
import SampleData
import Spreadsheet
import TestSupport
import Testing

/// `qunji import` against real PostgreSQL: every check, all or nothing, idempotent, recorded. One test at a time:
/// each makes a database and imports into it, and together they would take both cores from the other suites.
@Suite("Import", .serialized)
struct ImportTests {
    @Test("the test-data workbook imports whole and as written; a second import changes nothing; an edit updates that row only")
    func importsAndUpserts() async throws {
        let database = try await ProjectDatabase.migrated("import-whole")
        let workbook = try await ImportSupport.workbook()
        let report = try await ImportSupport.run([workbook], into: database)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.counts[.clusters] == .init(rows: 2, inserted: 2))
        #expect(report.counts[.enterprises] == .init(rows: 3, inserted: 3))
        #expect(report.counts[.recognitions] == .init(rows: 1, inserted: 1))
        #expect(report.dataSet?.hasPrefix("import-") == true)

        // As written: exact amounts, a kind named in Chinese stored as its code, the application's prefecture from
        // its county, no sample flags, and the status the process gives.
        let rows = try await ImportSupport.query(database, """
            SELECT (SELECT revenue::text FROM enterprise WHERE credit_code = '91520382000000001Q'),
                   (SELECT string_agg(kind_code || '/' || level_code, ',' ORDER BY kind_code) FROM qualification),
                   (SELECT prefecture_code FROM application),
                   (SELECT bool_or(is_sample)::text FROM cluster), (SELECT bool_or(is_sample)::text FROM enterprise),
                   (SELECT s.status FROM clusters_status_on('2024-01-01') s JOIN cluster c ON c.id = s.cluster_id WHERE c.code = 'TEST-520382-01'),
                   (SELECT applicant_county_code FROM cluster WHERE code = 'TEST-520102-01'),
                   (SELECT kind || ' ' || (counts -> 'enterprises' ->> 'inserted') FROM data_set WHERE kind = 'import')
            """)
        #expect(rows.row(0) == ["123456789.50", "LITTLE_GIANT/NATIONAL,SPECIALIZED_SME/PROVINCIAL", "520300", "false", "false",
                                "RECOGNIZED", "520102", "import 3"])

        let again = try await ImportSupport.run([workbook], into: database)
        #expect(again.problems.isEmpty)
        for kind in RecordKind.allCases {
            guard let counts = again.counts[kind] else { continue }
            #expect(counts.inserted == 0 && counts.updated == 0 && counts.unchanged == counts.rows, "\(kind): \(counts)")
        }

        // One enterprise edited in a CSV of its own: only that row changes; the columns the file leaves out stay.
        let csv = try Scratch.newDirectory("edit").appendingPathComponent("enterprises.csv")
        try Data("""
            credit_code,name,county,size,in_leading_industry,is_leading_enterprise,founded_on,employees
            91520382000000001Q,仁怀测试酒业有限公司（测试数据）,520382,MEDIUM,是,是,2010-05-01,320
            """.utf8).write(to: csv)
        let edit = try await ImportSupport.run([csv], into: database)
        #expect(edit.problems.isEmpty, "\(edit.problems)")
        #expect(edit.counts[.enterprises] == .init(rows: 1, updated: 1))
        let edited = try await ImportSupport.query(database,
            "SELECT employees::text, revenue::text, (SELECT code FROM cluster WHERE id = cluster_id) FROM enterprise WHERE credit_code = '91520382000000001Q'")
        #expect(edited.row(0) == ["320", "123456789.50", "TEST-520382-01"])
    }

    @Test("every mistake of the error workbook is reported at once, where it is, in Chinese and English; nothing is written")
    func everyProblemAtOnce() async throws {
        let database = try await ProjectDatabase.migrated("import-errors")
        let before = try await ImportSupport.tableCounts(database)
        let report = try await ImportSupport.run([try await ImportSupport.workbook(errors: true)], into: database)
        let found = report.problems.map { "\($0.place.sheet) \($0.place.row ?? 0) \($0.place.column?.letters ?? "-")" }
        #expect(Set(found) == [
            "企业 enterprises 3 A",           // check character
            "企业 enterprises 4 H",           // 2018-02-30
            "集群年度指标 indicators 3 H",     // 0.456789: more decimals than a rate has
            "支持措施 support_measures 3 A",  // no cluster TEST-520102-99
            "认定 recognitions 2 -",          // recognised before the public notice ended (Art. 15)
            "集群覆盖县 cluster_counties 2 -", // shares sum to 95 (Art. 2, 13)
        ], "\(report.problems.map(\.description).joined(separator: "\n"))")
        for problem in report.problems {
            #expect(problem.message.unicodeScalars.contains { $0.value >= 0x4E00 } && !problem.messageEnglish.isEmpty)
        }
        #expect(report.problems.contains { $0.message.contains("95") && $0.message.contains("100") })
        #expect(report.problems.contains { $0.messageEnglish.contains("Art. 15") })
        #expect(try await ImportSupport.tableCounts(database) == before, "an import with problems wrote something")
    }

    @Test("a dry run checks everything and counts what would change, and writes nothing")
    func dryRun() async throws {
        let database = try await ProjectDatabase.migrated("import-dry")
        let before = try await ImportSupport.tableCounts(database)
        let report = try await ImportSupport.run([try await ImportSupport.workbook()], into: database, options: ImportOptions(dryRun: true))
        #expect(report.problems.isEmpty && report.dryRun)
        #expect(report.counts[.enterprises]?.inserted == 3)
        #expect(try await ImportSupport.tableCounts(database) == before)
    }

    @Test("CSV saved by Chinese Excel (GB18030) imports like UTF-8; headers by English name or Chinese title alone")
    func gb18030() async throws {
        let database = try await ProjectDatabase.migrated("import-gb18030")
        let folder = try Scratch.newDirectory("gb18030")
        try await ImportSupport.writeGB18030("""
            集群编号,集群名称,英文名称,主导产业,申报县（市、区）,高耗能行业,高用水行业
            TEST-520102-01,南明区软件和信息服务集群（测试数据）,Nanming software cluster (test data),软件和信息服务,南明区,否,否
            """, to: folder.appendingPathComponent("集群.csv"))
        try Data("cluster_code,county,output_share\r\nTEST-520102-01,520102,100\r\n".utf8).write(to: folder.appendingPathComponent("cluster_counties.csv"))
        let report = try await ImportSupport.run([folder.appendingPathComponent("集群.csv"), folder.appendingPathComponent("cluster_counties.csv")],
                                                 into: database)
        #expect(report.problems.isEmpty, "\(report.problems)")
        let name = try await ImportSupport.query(database, "SELECT name FROM cluster WHERE code = 'TEST-520102-01'").scalar
        #expect(name == "南明区软件和信息服务集群（测试数据）")
    }

    @Test("headers, sheet names and keys: unknown and missing columns, an unknown sheet, one key in two files")
    func structureProblems() async throws {
        let database = try await ProjectDatabase.migrated("import-structure")
        let folder = try Scratch.newDirectory("structure")
        try Data("cluster_code,county,output_share,colour\nTEST-1,520102,100,red\n".utf8).write(to: folder.appendingPathComponent("cluster_counties.csv"))
        try Data("credit_code,name\n91520382000000001Q,甲\n".utf8).write(to: folder.appendingPathComponent("enterprises.csv"))
        try Data("year,call_title,call_issued_on,deadline,standard\n2023,通知,2023-05-10,2023-06-30,MIIT-2022\n".utf8)
            .write(to: folder.appendingPathComponent("application_rounds.csv"))
        try Data("year,call_title,call_issued_on,deadline,standard\n2023,通知,2023-05-10,2023-06-30,MIIT-2022\n".utf8)
            .write(to: folder.appendingPathComponent("申报批次.csv"))
        try Data("a,b\n1,2\n".utf8).write(to: folder.appendingPathComponent("notes.csv"))
        let files = ["cluster_counties.csv", "enterprises.csv", "application_rounds.csv", "申报批次.csv", "notes.csv"].map { folder.appendingPathComponent($0) }
        let report = try await ImportSupport.run(files, into: database)
        let text = report.problems.map(\.description)
        #expect(text.contains { $0.contains("cluster_counties.csv") && $0.contains("D colour") && $0.contains("unknown column") })
        #expect(text.contains { $0.contains("enterprises.csv") && $0.contains("required columns are missing") && $0.contains("(county)") })
        #expect(text.contains { $0.contains("申报批次.csv") && $0.contains("row 2") && $0.contains("application_rounds.csv") && $0.contains("same key") })
        #expect(text.contains { $0.contains("notes.csv") && $0.contains("names no kind of record") })
        #expect(try await ImportSupport.tableCounts(database)["application_round"] == 0)
    }

    @Test("rows the database refuses are each found among many (halving under savepoints), and only they")
    func refusedRowsAmongMany() async throws {
        let database = try await ProjectDatabase.migrated("import-halving")
        let folder = try Scratch.newDirectory("halving")
        try Data("""
            cluster_code,name,name_en,leading_industry,applicant_county,energy_intensive,water_intensive
            TEST-520102-01,南明测试集群（测试数据）,Nanming test cluster (test data),软件,520102,否,否
            """.utf8).write(to: folder.appendingPathComponent("clusters.csv"))
        try Data("cluster_code,county,output_share\nTEST-520102-01,520102,100\n".utf8).write(to: folder.appendingPathComponent("cluster_counties.csv"))
        // 400 enterprises of the cluster; three of them in a county the cluster does not span (a rule of the database).
        let codes = try await ImportSupport.query(database, """
            SELECT c || credit_code_check_character(c) FROM (SELECT '91520102' || lpad(i::text, 9, '0') AS c FROM generate_series(1, 400) i) x
            """)
        var lines = ["credit_code,name,county,cluster_code,size,in_leading_industry,is_leading_enterprise,founded_on"]
        let outside: Set<Int> = [7, 201, 388]
        for index in 0..<codes.count {
            let county = outside.contains(index) ? "520103" : "520102"
            lines.append("\(codes[index, 0] ?? ""),测试企业\(index)（测试数据）,\(county),TEST-520102-01,SMALL,是,否,2015-01-01")
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("enterprises.csv"))
        let report = try await ImportSupport.run(["clusters.csv", "cluster_counties.csv", "enterprises.csv"].map { folder.appendingPathComponent($0) },
                                                 into: database)
        #expect(report.problems.map { $0.place.row } == outside.sorted().map { $0 + 2 }, "\(report.problems)")
        #expect(report.problems.allSatisfy { $0.messageEnglish.contains("not one of the counties of cluster TEST-520102-01") })
        #expect(report.problems.allSatisfy { $0.message.contains("企业所在县须是其所属集群的所在县之一（第二条）") }, "\(report.problems)")
        #expect(try await ImportSupport.tableCounts(database)["enterprise"] == 0)
    }

    @Test("every rule the refusals name in Chinese is a constraint, a trigger's rule or a rule function's of the database")
    func refusalNamesExist() async throws {
        let database = try await ProjectDatabase.migrated("import-refusal-names")
        let names = RefusalMessages.byConstraint.keys.sorted()
        let missing = try await ProjectDatabase.withConnection(database) { connection in
            try names.filter { name in
                try connection.query("""
                    SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = $1)
                        OR EXISTS (SELECT 1 FROM pg_proc WHERE prosrc LIKE '%CONSTRAINT = ''' || $1 || '''%')
                        OR EXISTS (SELECT 1 FROM pg_proc WHERE proname LIKE '%_problems' AND prosrc LIKE '%''' || $1 || '''%')
                    """, [name]).scalar != "t"
            }
        }
        #expect(missing.isEmpty, "no such rule in the database: \(missing)")
    }

    @Test("--delete-missing removes the records the file lacks; what others still refer to is refused, not lost")
    func deleteMissing() async throws {
        let database = try await ProjectDatabase.migrated("import-delete")
        let workbook = try await ImportSupport.workbook()
        #expect(try await ImportSupport.run([workbook], into: database).problems.isEmpty)
        let folder = try Scratch.newDirectory("delete")
        // The checks of 2024 only: the other records of that sheet go.
        try Data("cluster_code,checked_on,checked_by,cooperated\nTEST-520382-01,2025-06-01,遵义市工业和信息化局（测试数据）,是\n".utf8)
            .write(to: folder.appendingPathComponent("monitoring_checks.csv"))
        let report = try await ImportSupport.run([folder.appendingPathComponent("monitoring_checks.csv")], into: database,
                                                 options: ImportOptions(deleteMissing: [.monitoringChecks]))
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.counts[.monitoringChecks] == .init(rows: 1, inserted: 1, deleted: 1))
        let checks = try await ImportSupport.query(database, "SELECT string_agg(checked_on::text, ',') FROM monitoring_check").scalar
        #expect(checks == "2025-06-01")

        // Deleting every cluster but one would orphan the other's records: refused, and nothing of the import is written.
        try Data("""
            cluster_code,name,name_en,leading_industry,applicant_county,energy_intensive,water_intensive
            TEST-520102-01,南明区软件和信息服务集群（测试数据）,Nanming software cluster (test data),软件和信息服务,520102,否,否
            """.utf8).write(to: folder.appendingPathComponent("clusters.csv"))
        let before = try await ImportSupport.tableCounts(database)
        let refused = try await ImportSupport.run([folder.appendingPathComponent("clusters.csv")], into: database,
                                                  options: ImportOptions(deleteMissing: [.clusters]))
        #expect(refused.problems.count == 1 && refused.problems[0].messageEnglish.contains("cannot delete"), "\(refused.problems)")
        #expect(try await ImportSupport.tableCounts(database) == before)
    }

    @Test("a database with sample data is refused; removing the sample first is asked for, and refused when real rows would go too")
    func sampleData() async throws {
        let database = try await ProjectDatabase.seeded("import-sample")
        let workbook = try await ImportSupport.workbook()
        let refused = try await ImportSupport.run([workbook], into: database)
        #expect(refused.problems.count == 1 && refused.problems[0].messageEnglish.contains("--replace-sample"))
        let replaced = try await ImportSupport.run([workbook], into: database) { connection in
            try SampleDataGenerator.removeSample(from: connection)
        }
        #expect(replaced.problems.isEmpty, "\(replaced.problems)")
        let left = try await ImportSupport.query(database, """
            SELECT (SELECT count(*) FROM cluster)::text, (SELECT count(*) FROM cluster WHERE is_sample)::text,
                   (SELECT count(*) FROM data_set WHERE kind = 'sample')::text
            """)
        #expect(left.row(0) == ["2", "0", "0"])

        // Now the database holds real records: removing "sample data" would take them too, so it is refused.
        _ = try await ImportSupport.query(database, "INSERT INTO data_set (code, kind, title, description) VALUES ('sample', 'sample', 't', 'd') RETURNING 1")
        await #expect(throws: SampleDataError.self) {
            _ = try await ImportSupport.run([workbook], into: database) { connection in try SampleDataGenerator.removeSample(from: connection) }
        }
        #expect(try await ImportSupport.query(database, "SELECT count(*) FROM cluster").scalar == "2")
    }

    @Test("the error report: a list of every problem, and each sheet as given with what is wrong in an added column")
    func errorReport() async throws {
        let database = try await ProjectDatabase.migrated("import-report")
        let workbook = try await ImportSupport.workbook(errors: true)
        let report = try await ImportSupport.run([workbook], into: database)
        let out = try Scratch.newDirectory("report")
        try ErrorReportWriter.write(report.problems, sources: [workbook], to: out.appendingPathComponent("report.xlsx"))
        let reader = try XLSXReader(url: out.appendingPathComponent("report.xlsx"))
        #expect(reader.sheetNames.first == ErrorReportWriter.problemsSheet)
        #expect(try reader.rows(sheet: ErrorReportWriter.problemsSheet).count == report.problems.count + 1)
        let enterprises = try reader.rows(sheet: "企业 enterprises")
        #expect(enterprises[0].cells.last == .text("问题 problems"))
        #expect(enterprises[1].cells.count < enterprises[0].cells.count || enterprises[1].cells.last == .empty, "row 2 has no problem")
        #expect(enterprises[2].cells.last?.displayText?.contains("GB 32100") == true)
        #expect(enterprises[3].cells.last?.displayText?.contains("2018-02-30") == true)
        #expect(enterprises[2].cells[1] == .text("仁怀测试包装有限公司（测试数据）"), "the sheet's own cells are kept")

        try ErrorReportWriter.write(report.problems, sources: [workbook], to: out.appendingPathComponent("csv"))
        var list = CSVReader(url: out.appendingPathComponent("csv/problems.csv"))
        #expect(try list.rows().count == report.problems.count + 1)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("csv/province-records-with-errors-企业 enterprises.errors.csv").path))
    }

    @Test("export, import into an empty database, export again: the same files, workbook and CSV, byte for byte")
    func roundTrip() async throws {
        let first = try await ProjectDatabase.migrated("round-trip-a")
        let second = try await ProjectDatabase.migrated("round-trip-b")
        #expect(try await ImportSupport.run([try await ImportSupport.workbook()], into: first).problems.isEmpty)
        let folder = try Scratch.newDirectory("round-trip")
        let counts = try await ImportSupport.export(first, to: folder.appendingPathComponent("a.xlsx"))
        #expect(counts[.enterprises] == 3 && counts[.recognitions] == 1)
        _ = try await ImportSupport.export(first, to: folder.appendingPathComponent("a"))

        let back = try await ImportSupport.run([folder.appendingPathComponent("a.xlsx")], into: second)
        #expect(back.problems.isEmpty, "\(back.problems)")
        _ = try await ImportSupport.export(second, to: folder.appendingPathComponent("b.xlsx"))
        _ = try await ImportSupport.export(second, to: folder.appendingPathComponent("b"))
        let (a, b) = (try XLSXReader(url: folder.appendingPathComponent("a.xlsx")), try XLSXReader(url: folder.appendingPathComponent("b.xlsx")))
        #expect(a.sheetNames == b.sheetNames)
        #expect(try a.dimensionRows(sheet: RecordSheets.sheet(.enterprises).sheetName) == 4, "the header and three enterprises")
        for sheet in a.sheetNames {
            #expect(try a.rows(sheet: sheet) == b.rows(sheet: sheet), "\(sheet)")
        }
        #expect(try Data(contentsOf: folder.appendingPathComponent("a.xlsx")) == Data(contentsOf: folder.appendingPathComponent("b.xlsx")))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("a").path).sorted()
        #expect(files.count == RecordKind.allCases.count + 2)
        for file in files {
            #expect(try Data(contentsOf: folder.appendingPathComponent("a/" + file)) == Data(contentsOf: folder.appendingPathComponent("b/" + file)), "\(file)")
        }
        // The CSV folder imports too, into the second database: nothing changes.
        let csvFiles = RecordKind.allCases.map { folder.appendingPathComponent("a/\($0.rawValue).csv") }
        let again = try await ImportSupport.run(csvFiles, into: second)
        #expect(again.problems.isEmpty, "\(again.problems)")
        #expect(again.counts.values.allSatisfy { $0.inserted == 0 && $0.updated == 0 })
    }

    @Test("the committed workbooks (README's worked example) read as the script writes them now")
    func committedFixtures() async throws {
        let codes = try await TemplateTests.codes()
        for errors in [false, true] {
            let name = errors ? "province-records-with-errors.xlsx" : "province-records.xlsx"
            let (committed, committedRows) = try ImportSupport.read([ImportSupport.fixtures.appendingPathComponent(name)], codes: codes)
            let (fresh, freshRows) = try ImportSupport.read([try await ImportSupport.workbook(errors: errors)], codes: codes)
            #expect(committed.problems.map(\.message) == fresh.problems.map(\.message))
            #expect(!committedRows.rows.isEmpty)
            for kind in RecordKind.allCases {
                #expect(committedRows.rows[kind] == freshRows.rows[kind], "\(name) \(kind)")
            }
        }
    }
}
