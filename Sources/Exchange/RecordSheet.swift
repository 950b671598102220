/// One kind of record as the department keeps it in a spreadsheet: a sheet of the template, of an import, of an
/// export. Its columns are the record's own data, its natural key first (a cluster's code, an enterprise's unified
/// social credit code, …); internal ids, timestamps, sample flags and provenance belong to the import, not the sheet.
///
/// The definitions (`RecordSheets.all`) are the one description of the exchange format: the template is written
/// from them, imports are checked and loaded by them, exports are written by them. Table and column names here are
/// the only identifiers the exchange's SQL uses.
public struct RecordSheet: Sendable {
    public let kind: RecordKind
    /// Chinese title, as the sheet's tab shows it (with `kind`'s name): 集群.
    public let title: String
    public let titleEnglish: String
    /// The table the records are stored in.
    public let table: String
    public let columns: [RecordColumn]
    /// What the sheet holds and what to watch for, in Chinese and English (the template's instructions).
    public let note: String
    public let noteEnglish: String
    /// Columns of the table an import fills without a sheet column: imported rows are not sample data, a new
    /// cluster starts in the pool, an application's prefecture is its county's.
    public var extraColumns: [ExtraColumn] = []

    /// The tab's name: the Chinese title and the English name (`集群 clusters`).
    public var sheetName: String { title + " " + kind.rawValue }

    /// The columns that identify a record (upserts match on them).
    public var keyColumns: [RecordColumn] { columns.filter(\.isKey) }
}

/// The kinds of record, in the order they load: each only refers to kinds before it.
public enum RecordKind: String, Sendable, CaseIterable {
    case funds
    case clusters
    case clusterCounties = "cluster_counties"
    case enterprises
    case qualifications
    case indicators
    case supportMeasures = "support_measures"
    case incidents
    case applicationRounds = "application_rounds"
    case applications
    case recognitions
    case reviews
    case changeFilings = "change_filings"
    case annualReports = "annual_reports"
    case monitoringChecks = "monitoring_checks"
    case misconductFindings = "misconduct_findings"
    case revocations
}

/// One column of a record sheet.
public struct RecordColumn: Sendable {
    /// The English name, stable: the header's part in parentheses, and the name a CSV header may use alone.
    public let name: String
    /// The Chinese header.
    public let title: String
    public let kind: ColumnKind
    public let target: ColumnTarget
    public let isKey: Bool
    public let isRequired: Bool
    /// How to fill it, in Chinese and English.
    public let note: String
    public let noteEnglish: String

    public init(_ name: String, _ title: String, _ kind: ColumnKind, _ target: ColumnTarget, key: Bool = false,
                required: Bool = false, note: String = "", en noteEnglish: String = "") {
        self.name = name
        self.title = title
        self.kind = kind
        self.target = target
        self.isKey = key
        self.isRequired = required || key
        self.note = note
        self.noteEnglish = noteEnglish
    }

    /// The header cell: `*集群编号 (cluster_code)`, the star marking a column that must be filled.
    public var header: String { (isRequired ? "*" : "") + title + " (" + name + ")" }
}

/// What a column holds, and so how a cell is checked.
public enum ColumnKind: Sendable, Equatable {
    /// Text, at most this many characters.
    case text(maximumLength: Int)
    /// A day: a date cell, or text `YYYY-MM-DD` (also `YYYY/M/D`, `YYYY年M月D日`).
    case day
    /// A whole number in a range.
    case integer(ClosedRange<Int>)
    /// An exact decimal with at most `scale` digits after the point and `precision` in all (PostgreSQL's
    /// numeric(precision, scale)), not below `minimum`.
    case decimal(precision: Int, scale: Int, minimum: Int)
    /// 是/否, TRUE/FALSE, Y/N, 1/0.
    case boolean
    /// One of a code list's codes (the reference sheet lists them); its Chinese or English name is accepted too.
    case code(CodeList)
    /// A unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a check character.
    case creditCode
}

/// A table column an import writes that no sheet column names.
public struct ExtraColumn: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        /// A constant (SQL literal from this file's definitions, never from an import).
        case constant(String)
        /// The prefecture of the county in the named sheet column.
        case prefectureOfCounty(column: String)
    }
    public let column: String
    public let value: Value
    /// Written when a record is inserted only, not when it is updated (a cluster's recorded status).
    public let onInsertOnly: Bool

    public init(_ column: String, _ value: Value, onInsertOnly: Bool = false) {
        self.column = column
        self.value = value
        self.onInsertOnly = onInsertOnly
    }

    static let notSample = ExtraColumn("is_sample", .constant("false"))
}

/// Where a column's value goes.
public enum ColumnTarget: Sendable, Equatable {
    /// Stored in this column as it is.
    case column(String)
    /// The natural key of a record of another kind (a cluster's code, an enterprise's credit code, a fund's code),
    /// stored as that record's id in this column.
    case reference(RecordKind, column: String)
    /// A record of the row's own cluster named by one more value (a recognition by its day, an application by its
    /// round, a review by its request day), stored as its id in this column.
    case clusterRecord(RecordKind, column: String)
}
