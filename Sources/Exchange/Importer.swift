import Foundation
import Logging
import Postgres

/// How an import runs.
public struct ImportOptions: Sendable {
    /// Check everything and count what would change, then roll back.
    public var dryRun = false
    /// Kinds whose records absent from the files are deleted.
    public var deleteMissing: Set<RecordKind> = []
    /// Who runs it, for the record of the import: the operating-system user.
    public var loadedBy = ImportOptions.systemUser()

    public init(dryRun: Bool = false, deleteMissing: Set<RecordKind> = []) {
        self.dryRun = dryRun
        self.deleteMissing = deleteMissing
    }

    static func systemUser() -> String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(getuid())"
    }
}

/// What an import did, or would do (a dry run), or why it did nothing.
public struct ImportReport: Sendable {
    public struct Counts: Sendable, Equatable, Codable {
        public var rows = 0
        public var inserted = 0
        public var updated = 0
        public var deleted = 0
        /// Rows found wrong once in the database (a reference, a rule).
        public var refused = 0
        public var unchanged: Int { rows - inserted - updated - refused }

        public init(rows: Int = 0, inserted: Int = 0, updated: Int = 0, deleted: Int = 0, refused: Int = 0) {
            self.rows = rows
            self.inserted = inserted
            self.updated = updated
            self.deleted = deleted
            self.refused = refused
        }
    }
    public internal(set) var counts: [RecordKind: Counts] = [:]
    public internal(set) var problems: [ImportProblem] = []
    public internal(set) var dryRun = false
    /// The `data_set` row recording the import, when it was written.
    public internal(set) var dataSet: String?

    /// True when the import wrote (or, in a dry run, would write) its rows.
    public var succeeded: Bool { problems.isEmpty }
}

/// A file read for an import, for the record of it.
public struct ImportedFile: Sendable, Codable {
    public let name: String
    public let sha256: String
    public let bytes: Int

    public init(name: String, sha256: String, bytes: Int) {
        self.name = name
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// Loads parsed sheets into the database in one transaction, all or nothing.
///
/// Each kind is staged (COPY into a temporary table) and written with one statement that resolves natural keys
/// to ids and upserts by the natural key. References are checked first, set by set, so a row naming a cluster that
/// exists nowhere is reported, not written. A rule the database enforces row by row (a CHECK, a trigger of issue 9's
/// process order) fails the statement; the rows are then halved, each half tried under a savepoint, down to the rows
/// that fail, so every such row is reported with the rule's message, at the cost of a few more statements. The rules
/// checked at commit (a cluster's counties, a recognition's basis) are asked for their findings for every cluster
/// the import touched. Any problem rolls everything back.
public struct Importer {
    let connection: PostgresConnection
    let logger: Logger
    let options: ImportOptions
    var progress: (String) -> Void = { _ in }

    public init(connection: PostgresConnection, logger: Logger, options: ImportOptions, progress: @escaping (String) -> Void = { _ in }) {
        self.connection = connection
        self.logger = logger
        self.options = options
        self.progress = progress
    }

    /// Imports `files`: in one transaction, `prepare` first (removing sample data, when asked), then every file read
    /// and its rows staged as they are read, then checked and written kind by kind; committed only when nothing is
    /// wrong (and never in a dry run).
    public func run(_ files: [URL], codes: CodeBook, described: [ImportedFile],
                    readProgress: @escaping (ReadProgress) -> Void = { _ in },
                    prepare: (PostgresConnection) throws -> Void = { _ in }) throws -> ImportReport {
        var report = ImportReport()
        report.dryRun = options.dryRun
        try connection.execute("BEGIN")
        do {
            try prepare(connection)
            if try connection.query(ExchangeSQL.sampleDataPresent).scalar == "true" {
                report.problems.append(ImportProblem(SheetPlace(file: "", sheet: ""),
                    "数据库中有样例数据：导入真实数据前须用 --replace-sample 先删除样例数据",
                    "the database holds sample data: remove it first with --replace-sample to import real records"))
                try connection.execute("ROLLBACK")
                return report
            }
            var reader = ImportReader(codes: codes, progress: readProgress)
            var sink = StagingSink(connection: connection)
            for file in files { try reader.read(file, into: &sink) }
            report.problems = reader.problems
            try write(reader.sheets, into: &report)
            if report.problems.isEmpty {
                report.dataSet = try record(files: described, counts: report.counts)
            }
            if report.problems.isEmpty && !options.dryRun {
                // A rule checked at commit that the findings above did not cover.
                if let refusal = commit() {
                    report.problems.append(ImportProblem(SheetPlace(file: "", sheet: ""), "提交时数据库拒绝：\(refusal)",
                                                         "the database refused at commit: \(refusal)"))
                }
            } else {
                try connection.execute("ROLLBACK")
            }
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
        report.problems = Self.inReadingOrder(report.problems)
        return report
    }

    /// Problems as the files hold them: file by file, each workbook's sheets in the order of the kinds, row by row.
    /// Each sheet's kind is worked out once, not in every comparison (an import can have a problem on every row).
    static func inReadingOrder(_ problems: [ImportProblem]) -> [ImportProblem] {
        let order = RecordKind.allCases
        var kindIndex: [String: Int] = [:]
        for sheet in Set(problems.map(\.place.sheet)) {
            kindIndex[sheet] = ImportReader.kind(named: sheet).flatMap { order.firstIndex(of: $0) } ?? order.count
        }
        return problems.sorted { lhs, rhs in
            let (left, right) = (lhs.place, rhs.place)
            if left.file != right.file { return left.file < right.file }
            let (leftKind, rightKind) = (kindIndex[left.sheet] ?? 0, kindIndex[right.sheet] ?? 0)
            if leftKind != rightKind { return leftKind < rightKind }
            return left < right
        }
    }

    /// Commits; answers the database's message when it refuses.
    private func commit() -> String? {
        do {
            try connection.execute("COMMIT")
            return nil
        } catch {
            return "\(error)"
        }
    }

    private func write(_ sheets: [RecordKind: ParsedSheet], into report: inout ImportReport) throws {
        var waiting: [RecordKind: RecordKind] = [:]  // kind with pass-2 rows → the kind they wait for
        for kind in RecordKind.allCases {
            guard let sheet = sheets[kind] else { continue }
            if let later = StagingSink.laterKind(of: sheet) { waiting[kind] = later }
            progress("\(sheet.record.sheetName): \(sheet.rowCount) rows: checking")
            try markDuplicates(sheet, into: &report)
            let rows = try connection.query(ExchangeSQL.countGoodRows(kind)).scalar
            report.counts[kind] = ImportReport.Counts(rows: Int(rows ?? "0") ?? 0)
            progress("\(sheet.record.sheetName): writing")
            try load(sheet, pass: 1, into: &report)
            for (waitingKind, target) in waiting where target == kind {
                if let waitingSheet = sheets[waitingKind] { try load(waitingSheet, pass: 2, into: &report) }
            }
            if options.deleteMissing.contains(kind) { try deleteMissing(sheet, into: &report) }
        }
        try checkRulesAtCommit(sheets, into: &report)
    }

    /// Rows with the same key as an earlier row of the import (in any file): each named with the first.
    private func markDuplicates(_ sheet: ParsedSheet, into report: inout ImportReport) throws {
        let groups = try connection.query(ExchangeSQL.duplicateKeys(sheet))
        var later: [Int] = []
        for group in 0..<groups.count {
            let members = (groups[group, 0] ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").compactMap { Int($0) }
            guard let first = members.first else { continue }
            for n in members.dropFirst() {
                later.append(n)
                report.problems.append(ImportProblem(sheet.place(ofRow: n),
                    "与 \(sheet.place(ofRow: first).description) 的键（" + sheet.record.keyColumns.map(\.title).joined(separator: "、") + "）相同",
                    "the same key (" + sheet.record.keyColumns.map(\.name).joined(separator: ", ") + ") as \(sheet.place(ofRow: first).description)"))
            }
        }
        if !later.isEmpty {
            _ = try connection.query(ExchangeSQL.markProblems(sheet.record.kind), ["{" + later.map(String.init).joined(separator: ",") + "}"])
        }
    }

    private func load(_ sheet: ParsedSheet, pass: Int, into report: inout ImportReport) throws {
        var bad: [Int: ImportProblem] = [:]
        for column in sheet.columns {
            switch column.target {
            case .reference(let kind, _), .clusterRecord(let kind, _):
                let started = ContinuousClock.now
                let missing = try connection.query(ExchangeSQL.missingReferences(column, in: sheet), [String(pass)])
                logger.debug("references checked", metadata: ["kind": "\(sheet.record.kind.rawValue)", "column": "\(column.name)",
                                                             "took": "\(ContinuousClock.now - started)"])
                for row in 0..<missing.count {
                    guard let index = Int(missing[row, 0] ?? ""), bad[index] == nil else { continue }
                    let value = missing[row, 1] ?? ""
                    let target = RecordSheets.sheet(kind)
                    bad[index] = ImportProblem(place(sheet, index, column),
                        "找不到\(target.title)“\(value)”：数据库和本次导入中都没有（或该记录本身有错误）",
                        "\"\(value)\" names no record of \(target.kind.rawValue) in the database or this import (or that record has problems of its own)")
                }
            case .column:
                continue
            }
        }
        if pass == 1, sheet.record.kind == .enterprises {
            let started = ContinuousClock.now
            let invalid = try connection.query(ExchangeSQL.invalidCreditCodes(sheet))
            logger.debug("credit codes checked", metadata: ["took": "\(ContinuousClock.now - started)"])
            let column = sheet.columns.first { $0.name == "credit_code" }
            for row in 0..<invalid.count {
                guard let index = Int(invalid[row, 0] ?? ""), bad[index] == nil, let column else { continue }
                bad[index] = ImportProblem(place(sheet, index, column), "统一社会信用代码的校验码不对（GB 32100-2015）",
                                           "the credit code's check character is wrong (GB 32100-2015)")
            }
        }
        if !bad.isEmpty {
            let newlyBad = try connection.query(ExchangeSQL.countGood(sheet.record.kind), ["{" + bad.keys.map(String.init).joined(separator: ",") + "}"]).scalar
            report.counts[sheet.record.kind]?.refused += Int(newlyBad ?? "0") ?? 0
            _ = try connection.query(ExchangeSQL.markProblems(sheet.record.kind), ["{" + bad.keys.map(String.init).joined(separator: ",") + "}"])
            report.problems.append(contentsOf: bad.values)
        }
        let started = ContinuousClock.now
        let written = try writeRange(sheet, pass: pass, 0, max(sheet.rowCount - 1, 0), into: &report)
        logger.debug("rows written", metadata: ["kind": "\(sheet.record.kind.rawValue)", "pass": "\(pass)", "took": "\(ContinuousClock.now - started)"])
        report.counts[sheet.record.kind]?.inserted += written.inserted
        report.counts[sheet.record.kind]?.updated += written.updated
    }

    /// Writes the staged rows n in [low, high] of a pass under a savepoint; when the database refuses, halves the
    /// range until the refused rows are single, and reports each.
    private func writeRange(_ sheet: ParsedSheet, pass: Int, _ low: Int, _ high: Int,
                            into report: inout ImportReport) throws -> (inserted: Int, updated: Int) {
        guard low <= high, sheet.rowCount > 0 else { return (0, 0) }
        try connection.execute("SAVEPOINT import_rows")
        do {
            let result = try connection.query(ExchangeSQL.upsert(sheet), [String(low), String(high), String(pass)])
            try connection.execute("RELEASE SAVEPOINT import_rows")
            return (Int(result[0, 0] ?? "0") ?? 0, Int(result[0, 1] ?? "0") ?? 0)
        } catch {
            if error.isConnectionError { throw error }
            try connection.execute("ROLLBACK TO SAVEPOINT import_rows; RELEASE SAVEPOINT import_rows")
            if low == high {
                report.problems.append(refusal(error, sheet: sheet, index: low))
                report.counts[sheet.record.kind]?.refused += 1
                return (0, 0)
            }
            let middle = (low + high) / 2
            let first = try writeRange(sheet, pass: pass, low, middle, into: &report)
            let second = try writeRange(sheet, pass: pass, middle + 1, high, into: &report)
            return (first.inserted + second.inserted, first.updated + second.updated)
        }
    }

    private func deleteMissing(_ sheet: ParsedSheet, into report: inout ImportReport) throws {
        try connection.execute("SAVEPOINT import_delete")
        do {
            let deleted = try connection.query(ExchangeSQL.deleteMissing(sheet)).scalar
            try connection.execute("RELEASE SAVEPOINT import_delete")
            report.counts[sheet.record.kind]?.deleted = Int(deleted ?? "0") ?? 0
        } catch {
            if error.isConnectionError { throw error }
            try connection.execute("ROLLBACK TO SAVEPOINT import_delete; RELEASE SAVEPOINT import_delete")
            let place = sheet.sources.first ?? SheetPlace(file: "", sheet: sheet.record.sheetName)
            report.problems.append(ImportProblem(place, "无法删除文件中没有的\(sheet.record.title)记录：\(Self.serverMessage(error))",
                                                 "cannot delete the \(sheet.record.titleEnglish.lowercased()) absent from the file: \(Self.serverMessage(error))"))
        }
    }

    /// The rules PostgreSQL checks at commit, asked for every cluster the import touched, each finding placed on the
    /// row that names it.
    private func checkRulesAtCommit(_ sheets: [RecordKind: ParsedSheet], into report: inout ImportReport) throws {
        func staged(_ kinds: [RecordKind]) -> [RecordKind] {
            kinds.filter { sheets[$0]?.columns.contains { $0.name == "cluster_code" } == true }
        }
        /// The first row of these kinds naming the cluster (and, where given, with this value in that column).
        func rowPlace(_ kinds: [RecordKind], code: String, extra: (column: String, value: String)? = nil) throws -> SheetPlace? {
            for kind in staged(kinds) {
                guard let sheet = sheets[kind] else { continue }
                if let extra, !sheet.columns.contains(where: { $0.name == extra.column }) { continue }
                let found = try connection.query(ExchangeSQL.firstRow(kind, extraColumn: extra?.column), [code] + (extra.map { [$0.value] } ?? []))
                if let n = Int(found.scalar ?? "") { return sheet.place(ofRow: n) }
            }
            return nil
        }
        func codes(_ kinds: [RecordKind]) throws -> [String] {
            try staged(kinds).flatMap { kind -> [String] in
                let rows = try connection.query(ExchangeSQL.stagedClusterCodes(kind))
                return (0..<rows.count).compactMap { rows[$0, 0] }
            }
        }
        let nowhere = SheetPlace(file: "", sheet: "")
        let geography = Array(Set(try codes([.clusters, .clusterCounties])))
        if !geography.isEmpty {
            let found = try connection.query(ExchangeSQL.clusterGeographyProblems, [Self.textArray(geography)])
            for row in 0..<found.count {
                let place = try rowPlace([.clusterCounties, .clusters], code: found[row, 0] ?? "") ?? nowhere
                report.problems.append(ImportProblem(place, found[row, 2] ?? "", found[row, 3] ?? ""))
            }
        }
        let basis = Array(Set(try codes([.applications, .recognitions, .reviews])))
        if !basis.isEmpty {
            let found = try connection.query(ExchangeSQL.recognitionBasisProblems, [Self.textArray(basis)])
            for row in 0..<found.count {
                let code = found[row, 0] ?? ""
                let place = try rowPlace([.recognitions], code: code, extra: ("recognized_on", found[row, 1] ?? ""))
                    ?? rowPlace([.applications, .reviews], code: code) ?? nowhere
                report.problems.append(ImportProblem(place, found[row, 3] ?? "", found[row, 4] ?? ""))
            }
        }
    }

    private func record(files: [ImportedFile], counts: [RecordKind: ImportReport.Counts]) throws -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let filesJSON = String(decoding: try encoder.encode(files), as: UTF8.self)
        let countsJSON = String(decoding: try encoder.encode(Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })), as: UTF8.self)
        let names = files.map(\.name).joined(separator: ", ")
        let description = "Records imported from the department's files by qunji import: "
            + RecordKind.allCases.compactMap { kind in counts[kind].map { "\(kind.rawValue) \($0.rows)" } }.joined(separator: ", ")
        return try connection.query(ExchangeSQL.recordImport, [names, description, options.loadedBy, filesJSON, countsJSON]).scalar
    }

    /// A refused row's problem: the rule in Chinese (`RefusalMessages`), and the database's own message.
    private func refusal(_ error: PostgresError, sheet: ParsedSheet, index: Int) -> ImportProblem {
        ImportProblem(place(sheet, index, nil), "数据库拒绝此行：" + RefusalMessages.chinese(for: error),
                      "the database refused this row: " + Self.serverMessage(error))
    }

    static func serverMessage(_ error: PostgresError) -> String {
        if case .server(let server) = error { return server.message }
        return error.description
    }

    private func place(_ sheet: ParsedSheet, _ index: Int, _ column: RecordColumn?) -> SheetPlace {
        guard let column else { return sheet.place(ofRow: index) }
        return sheet.place(ofRow: index, column: column)
    }

    static func textArray(_ values: [String]) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }
}
