/// One definition of a generated section, written the way the section writes them all: a one-line description,
/// then each member with its own one-line description.
struct SDLBlock {
    /// `input`, `type` or `enum`.
    let keyword: String
    let name: String
    let description: String
    var members: [Member]

    struct Member {
        let description: String
        /// `name: Type`, or an enum value.
        let declaration: String

        /// The member's name (before the colon).
        var name: String { String(declaration.prefix { $0 != ":" }) }
    }

    init(_ keyword: String, _ name: String, _ description: String, _ members: [Member] = []) {
        self.keyword = keyword
        self.name = name
        self.description = description
        self.members = members
    }

    mutating func add(_ description: String, _ declaration: String) {
        members.append(Member(description: description, declaration: declaration))
    }

    /// The definition's lines, then an empty line.
    var lines: [String] {
        var lines = ["\"\"\"\(description)\"\"\"", "\(keyword) \(name) {"]
        for member in members {
            lines += ["  \"\"\"\(member.description)\"\"\"", "  \(member.declaration)"]
        }
        return lines + ["}", ""]
    }
}
