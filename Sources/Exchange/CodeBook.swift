import Postgres

/// Every code list's codes as the database holds them: what the reference sheet lists, and what an import checks
/// a code column against (a code, or its Chinese or English name, case and spaces aside).
public struct CodeBook: Sendable {
    public struct Entry: Sendable, Equatable {
        public let code: String
        public let name: String
        public let nameEnglish: String
        /// The parent's code, where codes nest (a county's prefecture).
        public let parent: String?
    }

    public let lists: [CodeList: [Entry]]
    private let lookup: [CodeList: [String: String]]
    /// Each list's codes as they are: most cells hold a code exactly, found without normalising the text.
    private let exact: [CodeList: Set<String>]

    public init(lists: [CodeList: [Entry]]) {
        self.lists = lists
        var lookup: [CodeList: [String: String]] = [:]
        for (list, entries) in lists {
            var byText: [String: String] = [:]
            // Names first, codes last: a code always means itself, even where it equals another entry's name.
            for entry in entries {
                byText[Self.normalised(entry.nameEnglish)] = entry.code
                byText[Self.normalised(entry.name)] = entry.code
            }
            for entry in entries { byText[Self.normalised(entry.code)] = entry.code }
            lookup[list] = byText
        }
        self.lookup = lookup
        exact = lists.mapValues { Set($0.map(\.code)) }
    }

    /// Reads every list from the database.
    public static func load(from connection: PostgresConnection) throws -> CodeBook {
        var lists: [CodeList: [Entry]] = [:]
        for list in CodeList.allCases {
            let rows = try connection.query(ExchangeSQL.codeList(list))
            lists[list] = (0..<rows.count).map { row in
                Entry(code: rows[row, 0] ?? "", name: rows[row, 1] ?? "", nameEnglish: rows[row, 2] ?? "", parent: rows[row, 3])
            }
        }
        return CodeBook(lists: lists)
    }

    /// The code a cell names: a code of the list, or the Chinese or English name of one.
    public func code(_ text: String, in list: CodeList) -> String? {
        if exact[list]?.contains(text) == true { return text }
        return lookup[list]?[Self.normalised(text)]
    }

    public func entry(_ code: String, in list: CodeList) -> Entry? {
        lists[list]?.first { $0.code == code }
    }

    /// Case, spaces and quotation marks aside: “专精特新”中小企业 is 专精特新中小企业 as a person types it.
    static func normalised(_ text: String) -> String {
        String(text.lowercased().filter { !$0.isWhitespace && !quotes.contains($0) })
    }

    static let quotes: Set<Character> = ["\"", "'", "“", "”", "‘", "’", "「", "」", "『", "』", "《", "》"]
}
