import Engine
import GraphQL
import Hummingbird
import Planner
@testable import Server
import Testing

@Suite("GraphQL-over-HTTP request parsing")
struct GraphQLHTTPRequestTests {
    private func post(_ body: String) throws(GraphQLHTTPError) -> QueryRequest {
        try GraphQLHTTPRequest.parsePOST(body: ByteBuffer(string: body))
    }

    @Test("POST: all four parameters; unknown keys ignored; null same as absent")
    func postParameters() throws {
        let request = try post(#"""
            {"query":"query Q($id: ID!) { node(id: $id) { id } }","operationName":"Q",
             "variables":{"id":"Q2x1c3RlcjoxMg==","n":{"deep":[1,2.5,"x"]}},"extensions":{"persistedQuery":null},
             "unknown":[1,2,3]}
            """#)
        #expect(request.method == .post)
        #expect(request.query == "query Q($id: ID!) { node(id: $id) { id } }")
        #expect(request.operationName == "Q")
        #expect(request.variables?["id"] == .string("Q2x1c3RlcjoxMg=="))
        #expect(request.variables?["n"] == ["deep": [.number(1), .number(2.5), .string("x")]])
        #expect(request.extensions?["persistedQuery"] == .null)

        let nulls = try post(#"{"query":"{ __typename }","operationName":null,"variables":null,"extensions":null}"#)
        #expect(nulls.operationName == nil && nulls.variables == nil && nulls.extensions == nil)
    }

    @Test("POST: malformed requests are 400 BAD_REQUEST", arguments: [
        "", "{ \"not a JSON", "[]", "\"query\"", "null", #"{"qeury":"{ __typename }"}"#, #"{"query":null}"#,
        #"{"query":{"obj":"ect"}}"#, #"{"query":0}"#, #"{"query":false}"#, #"{"query":["array"]}"#,
        #"{"query":"{ a }","operationName":{"obj":"ect"}}"#, #"{"query":"{ a }","operationName":0}"#,
        #"{"query":"{ a }","operationName":false}"#, #"{"query":"{ a }","operationName":["array"]}"#,
        #"{"query":"{ a }","variables":"string"}"#, #"{"query":"{ a }","variables":0}"#,
        #"{"query":"{ a }","variables":false}"#, #"{"query":"{ a }","variables":["array"]}"#,
        #"{"query":"{ a }","extensions":"string"}"#, #"{"query":"{ a }","extensions":0}"#,
        #"{"query":"{ a }","extensions":false}"#, #"{"query":"{ a }","extensions":["array"]}"#,
    ])
    func postMalformed(body: String) {
        #expect {
            _ = try post(body)
        } throws: { error in
            (error as? GraphQLHTTPError)?.status == .badRequest && (error as? GraphQLHTTPError)?.code == "BAD_REQUEST"
        }
    }

    @Test("POST: Content-Type must be application/json in UTF-8")
    func contentType() {
        for accepted in ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF8"] {
            #expect(throws: Never.self) { try GraphQLHTTPRequest.checkContentType(accepted) }
        }
        for refused in [nil, "", "text/plain;charset=UTF-8", "application/graphql", "application/json; charset=latin1",
                        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] as [String?] {
            #expect {
                try GraphQLHTTPRequest.checkContentType(refused)
            } throws: { error in
                (error as? GraphQLHTTPError)?.status == .unsupportedMediaType
            }
        }
    }

    @Test("GET: form-encoded parameters, + as space, JSON variables and extensions")
    func getParameters() throws {
        let request = try GraphQLHTTPRequest.parseGET(queryString:
            "query=query+Type(%24name%3A+String!)+%7B+__type(name%3A+%24name)+%7B+name+%7D+%7D"
            + "&variables=%7B%22name%22%3A%22%E8%B4%B5%E5%B7%9E%22%7D&operationName=Type&extensions=%7B%7D&query=ignored")
        #expect(request.method == .get)
        #expect(request.query == "query Type($name: String!) { __type(name: $name) { name } }")
        #expect(request.operationName == "Type")
        #expect(request.variables == ["name": .string("贵州")])
        #expect(request.extensions == [:])

        let minimal = try GraphQLHTTPRequest.parseGET(queryString: "query=%7B+__typename+%7D&operationName=&variables=")
        #expect(minimal.query == "{ __typename }")
        #expect(minimal.operationName == nil && minimal.variables == nil)
    }

    @Test("GET: missing query or bad JSON parameters are 400", arguments: [
        nil, "", "operationName=x", "query=%7Ba%7D&variables=%7B", "query=%7Ba%7D&variables=%5B%5D",
        "query=%7Ba%7D&variables=%22s%22", "query=%7Ba%7D&extensions=0",
    ] as [Substring?])
    func getMalformed(queryString: Substring?) {
        #expect {
            _ = try GraphQLHTTPRequest.parseGET(queryString: queryString)
        } throws: { error in
            (error as? GraphQLHTTPError)?.status == .badRequest
        }
    }

    @Test("form decoding keeps bad percent sequences literally")
    func formDecoding() {
        #expect(FormURLEncoded.percentDecode("100%+sure%2") == "100% sure%2")
        #expect(FormURLEncoded.percentDecode("%E4%B8%AD%zz") == "中%zz")
        let pairs = FormURLEncoded.decode("a=1&&b&c=%3D&a=2")
        #expect(pairs.map(\.name) == ["a", "b", "c", "a"])
        #expect(FormURLEncoded.firstValue(of: "a", in: pairs) == "1")
        #expect(FormURLEncoded.firstValue(of: "b", in: pairs) == "")
        #expect(FormURLEncoded.firstValue(of: "c", in: pairs) == "=")
    }
}
