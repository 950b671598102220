@testable import Engine
@testable import Planner
import Testing

/// `CompiledStatement.inlined`, the readable text of a statement with its values written in (issue 17 §2).
@Suite("Inlined SQL text")
struct CompiledStatementTests {
    @Test("each placeholder is replaced once, outside quoted literals; values are quoted and never searched again")
    func onePass() {
        let statement = CompiledStatement(
            sql: "SELECT $1::text, $2::text, 'it''s $1', $10::int, $3::text, $11",
            parameters: [") , pg_sleep(5) --", "$1", nil, "4", "5", "6", "7", "8", "9", "10"])
        #expect(statement.inlined == "SELECT ') , pg_sleep(5) --'::text, '$1'::text, 'it''s $1', '10'::int, NULL::text, $11")
    }

    @Test("quotes in values are doubled")
    func quotes() {
        #expect(CompiledStatement(sql: "SELECT $1", parameters: ["a'b''c"]).inlined == "SELECT 'a''b''''c'")
    }
}
