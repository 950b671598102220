import Engine
import Foundation
import Planner

/// The GraphQL examples of a Markdown document, as its reader sees them: each ```graphql block, the role it is
/// written for (an HTML comment `<!-- as: analyst -->` on the line before the block; anonymous otherwise), and
/// the answer shown for it (a ```json block following it, blank lines apart), if any; and the GraphQL inside shell
/// examples (`qunji query '…'`, `curl … --data-urlencode 'query=…'`), which must answer too.
struct DocumentationExample {
    let query: String
    let principal: Principal
    let answer: String?
    /// 1-based line of the ```graphql fence, for messages.
    let line: Int

    static func all(in text: String, defaultRole: Role = .anonymous) -> [DocumentationExample] {
        let lines = text.components(separatedBy: "\n")
        var examples: [DocumentationExample] = []
        var index = 0
        /// The block starting after the fence at `start`, and the index just past its closing fence.
        func block(from start: Int) -> (String, Int) {
            var end = start + 1
            while end < lines.count, !lines[end].hasPrefix("```") { end += 1 }
            return (lines[(start + 1)..<min(end, lines.count)].joined(separator: "\n"), end + 1)
        }
        while index < lines.count {
            guard lines[index].hasPrefix("```graphql") else { index += 1; continue }
            var role = defaultRole
            if index > 0, let match = lines[index - 1].firstMatch(of: /<!--\s*as:\s*([a-z_]+)\s*-->/),
               let named = Role(rawValue: String(match.output.1)) {
                role = named
            }
            let (query, next) = block(from: index)
            var answer: String?
            var look = next
            while look < lines.count, lines[look].trimmingCharacters(in: .whitespaces).isEmpty { look += 1 }
            if look < lines.count, lines[look].hasPrefix("```json") {
                let (json, after) = block(from: look)
                answer = json
                index = after
            } else {
                index = next
            }
            examples.append(DocumentationExample(query: query, principal: Principal(role: role), answer: answer, line: index))
        }
        // GraphQL inside shell examples: `qunji query '…'` and curl's `--data-urlencode 'query=…'`, run as anonymous
        // (the command line's default against a server). Single-quoted, on one line.
        for (number, line) in lines.enumerated() {
            for match in line.matches(of: /qunji query '([^']+)'|--data-urlencode 'query=([^']+)'/) {
                if let query = match.output.1 ?? match.output.2 {
                    examples.append(DocumentationExample(query: String(query), principal: Principal(role: defaultRole),
                                                         answer: nil, line: number + 1))
                }
            }
        }
        return examples
    }
}
