@testable import Engine
import Testing

/// The name a validation message says is missing, read without regular expressions (`RoleContext.missingName`).
@Suite("Missing names in validation messages")
struct MissingNameTests {
    @Test("unknown fields, input fields and types; with GraphQLSwift's suggestions after them; anything else is nil")
    func names() {
        #expect(RoleContext.missingName(in: #"Cannot query field "creditCode" on type "Enterprise"."#) == "Enterprise.creditCode")
        #expect(RoleContext.missingName(in: #"Cannot query field "supportMeasures" on type "Cluster". Did you mean "supportByFund"?"#)
                == "Cluster.supportMeasures")
        #expect(RoleContext.missingName(in: #"Field "amountYuan" is not defined by type "SupportMeasureFilter"."#)
                == "SupportMeasureFilter.amountYuan")
        #expect(RoleContext.missingName(in: #"Unknown type "IncidentFilter". Did you mean "IndicatorFilter"?"#) == "IncidentFilter")
        #expect(RoleContext.missingName(in: #"Cannot query field "" on type "Enterprise"."#) == nil)
        #expect(RoleContext.missingName(in: #"Cannot query field "a b" on type "Enterprise"."#) == nil)
        #expect(RoleContext.missingName(in: #"Cannot query field "名称" on type "Enterprise"."#) == nil)
        #expect(RoleContext.missingName(in: "Syntax Error: Expected Name, found <EOF>.") == nil)
        #expect(RoleContext.missingName(in: #"Unknown type ""."#) == nil)
    }
}
