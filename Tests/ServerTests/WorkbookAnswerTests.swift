import Engine
import Foundation
import Planner
@testable import Server
import Spreadsheet
import TestSupport
import Testing

/// `GET /graphql` answered as an Excel workbook (issue 19 §3): the table format's sheets, typed cells.
@Suite("Answers as workbooks")
struct WorkbookAnswerTests {
    static let answer = #"{"data":{"funds":{"totalCount":2,"nodes":[{"code":"SME_DEVELOPMENT_FUND","sizeYuan":"1500000.00","since":"2023-03-01","open":true,"count":3,"county":{"code":"520300"}},{"code":"BANK_CREDIT","sizeYuan":null,"since":null,"open":false,"count":0,"county":null}]}}}"#
    static let query = "query Funds { funds { totalCount nodes { code } } }"

    static func percent(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

    @Test("?format=xlsx and Accept: the spreadsheet type give a workbook: caption, header, numbers, exact decimals, days, booleans; codes stay text")
    func workbook() async throws {
        let executor = ScriptedExecutor { _ in .executed(body: Array(Self.answer.utf8)) }
        try await withTestServer(executor) { client in
            let byParameter = try await client.send("GET", "/graphql?query=" + Self.percent(Self.query) + "&operationName=Funds&format=xlsx")
            let byAccept = try await client.send("GET", "/graphql?query=" + Self.percent(Self.query),
                                                 headers: [("Accept", WorkbookAnswer.mediaType)])
            for reply in [byParameter, byAccept] {
                #expect(reply.status == 200)
                #expect(reply.header("Content-Type") == WorkbookAnswer.mediaType)
                let file = try Scratch.newDirectory("answer").appendingPathComponent("answer.xlsx")
                try Data(reply.body).write(to: file)
                let reader = try XLSXReader(url: file)
                #expect(reader.sheetNames == ["funds"])
                let rows = try reader.rows(sheet: "funds")
                #expect(rows[0].cells == [.text("totalCount: 2")])
                #expect(rows[1].cells == ["code", "sizeYuan", "since", "open", "count", "county.code"].map { .text($0) })
                #expect(rows[2].cells == [.text("SME_DEVELOPMENT_FUND"), .number("1500000.00"), .number("44986"), .boolean(true),
                                          .number("3"), .text("520300")])
                #expect(rows[3].cells == [.text("BANK_CREDIT"), .empty, .empty, .boolean(false), .number("0")])
            }
            #expect(byParameter.header("Content-Disposition") == "attachment; filename=\"qunji-Funds.xlsx\"")
            #expect(byAccept.header("Content-Disposition") == "attachment; filename=\"qunji-answer.xlsx\"")
        }
    }

    @Test("an answer with errors comes as its JSON, so the caller sees them; POST keeps answering JSON")
    func errorsStayJSON() async throws {
        let executor = ScriptedExecutor { request in
            request.query.contains("bad")
                ? .rejected(errors: [GraphQLResponseError(message: "Cannot query field \"bad\".", code: "GRAPHQL_VALIDATION_FAILED")])
                : .executed(body: Array(Self.answer.utf8))
        }
        try await withTestServer(executor) { client in
            let bad = try await client.send("GET", "/graphql?query=" + Self.percent("{ bad }") + "&format=xlsx")
            #expect(bad.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(String(decoding: bad.body, as: UTF8.self).contains("GRAPHQL_VALIDATION_FAILED"))
            let post = try await client.send("POST", "/graphql", headers: [("Content-Type", "application/json")],
                                             body: #"{"query":"\#(Self.query)"}"#)
            #expect(post.header("Content-Type")?.hasPrefix("application/json") == true)
        }
    }
}
