import CLibPQ

/// The rows of one result, copied out of the `PGresult` so that they outlive it and can cross threads.
///
/// Every value is PostgreSQL's text output for its type (`nil` is SQL NULL): `numeric` keeps all its
/// digits, `json` is the server's own text, booleans are `t`/`f`. Converting is the caller's business.
public struct PostgresRows: Sendable {
    /// Column names in result order (duplicates are possible, e.g. `SELECT 1 AS a, 2 AS a`).
    public let columns: [String]
    /// Type OIDs of the columns, in result order (`PQftype`).
    public let columnTypes: [UInt32]
    /// Number of rows.
    public let count: Int
    /// The command tag (`PQcmdStatus`), e.g. `"INSERT 0 3"` or `"SELECT 2"`.
    public let commandTag: String
    /// Rows affected or returned (`PQcmdTuples`); `nil` for commands that report no count (e.g. DDL).
    public let affectedRows: Int?

    /// Row-major values: `values[row * columns.count + column]`.
    private let values: [String?]
    private let columnIndex: [String: Int]

    public init(columns: [String], columnTypes: [UInt32]? = nil, rows: [[String?]], commandTag: String = "", affectedRows: Int? = nil) {
        self.columns = columns
        self.columnTypes = columnTypes ?? Array(repeating: 0, count: columns.count)
        self.count = rows.count
        self.values = rows.flatMap { row in (0..<columns.count).map { $0 < row.count ? row[$0] : nil } }
        self.commandTag = commandTag
        self.affectedRows = affectedRows
        self.columnIndex = Self.index(columns)
    }

    /// Copies everything out of `result`; the caller still owns (and clears) it.
    init(copying result: OpaquePointer) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns: [String] = []
        var types: [UInt32] = []
        columns.reserveCapacity(columnCount)
        types.reserveCapacity(columnCount)
        for column in 0..<columnCount {
            columns.append(PQfname(result, Int32(column)).map { String(cString: $0) } ?? "?column?")
            types.append(UInt32(PQftype(result, Int32(column))))
        }
        var values: [String?] = []
        values.reserveCapacity(rowCount * columnCount)
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                values.append(Self.value(result, row: Int32(row), column: Int32(column)))
            }
        }
        self.columns = columns
        self.columnTypes = types
        self.count = rowCount
        self.values = values
        self.commandTag = PQcmdStatus(result).map { String(cString: $0) } ?? ""
        self.affectedRows = PQcmdTuples(result).flatMap { Int(String(cString: $0)) }
        self.columnIndex = Self.index(columns)
    }

    /// The value at `row`, `column` (0-based); `nil` for SQL NULL and for out-of-range positions.
    public subscript(row: Int, column: Int) -> String? {
        guard row >= 0, row < self.count, column >= 0, column < self.columns.count else {
            return nil
        }
        return self.values[row * self.columns.count + column]
    }

    /// The value at `row` in the first column named `column`; `nil` for SQL NULL or an unknown name.
    public subscript(row: Int, column: String) -> String? {
        guard let index = self.columnIndex[column] else {
            return nil
        }
        return self[row, index]
    }

    /// The first column of the first row: for single-value queries such as `SELECT count(*) ...`.
    public var scalar: String? {
        self[0, 0]
    }

    /// Position of the first column named `name`.
    public func columnIndex(named name: String) -> Int? {
        self.columnIndex[name]
    }

    /// All values of one row, in column order.
    public func row(_ row: Int) -> [String?] {
        (0..<self.columns.count).map { self[row, $0] }
    }

    private static func index(_ columns: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, name) in columns.enumerated() where index[name] == nil {
            index[name] = position
        }
        return index
    }

    private static func value(_ result: OpaquePointer, row: Int32, column: Int32) -> String? {
        if PQgetisnull(result, row, column) != 0 {
            return nil
        }
        guard let bytes = PQgetvalue(result, row, column) else {
            return nil
        }
        let length = Int(PQgetlength(result, row, column))
        return bytes.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
