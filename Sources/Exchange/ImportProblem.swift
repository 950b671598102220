/// Where in the files a problem is: the file, the sheet (a CSV file's is its name), the row as the spreadsheet shows
/// it (the header is row 1) and the column, each as far as known.
public struct SheetPlace: Sendable, Hashable, Comparable {
    public let file: String
    public let sheet: String
    public let row: Int?
    /// The column's letters (`C`) and header, when the problem is one cell's.
    public let column: (letters: String, header: String)?

    public init(file: String, sheet: String, row: Int? = nil, column: (letters: String, header: String)? = nil) {
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
    }

    /// `file › sheet › row 7 › C 成立日期 (founded_on)`.
    public var description: String {
        var parts = [file]
        if sheet != file { parts.append(sheet) }
        if let row { parts.append("第 \(row) 行 row \(row)") }
        if let column { parts.append(column.letters + " " + column.header) }
        return parts.joined(separator: " › ")
    }

    public static func == (lhs: SheetPlace, rhs: SheetPlace) -> Bool {
        lhs.file == rhs.file && lhs.sheet == rhs.sheet && lhs.row == rhs.row && lhs.column?.letters == rhs.column?.letters
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(sheet)
        hasher.combine(row)
        hasher.combine(column?.letters)
    }

    public static func < (lhs: SheetPlace, rhs: SheetPlace) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        if lhs.sheet != rhs.sheet { return lhs.sheet < rhs.sheet }
        if (lhs.row ?? 0) != (rhs.row ?? 0) { return (lhs.row ?? 0) < (rhs.row ?? 0) }
        let left = lhs.column?.letters ?? ""
        let right = rhs.column?.letters ?? ""
        return left.count != right.count ? left.count < right.count : left < right
    }
}

/// One thing wrong with an import, in the words an official reads: where, and what, in Chinese and English.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    public let place: SheetPlace
    public let message: String
    public let messageEnglish: String

    public init(_ place: SheetPlace, _ message: String, _ messageEnglish: String) {
        self.place = place
        self.message = message
        self.messageEnglish = messageEnglish
    }

    /// `file › sheet › row › column: 中文 / English`.
    public var description: String { place.description + ": " + message + " / " + messageEnglish }
}
