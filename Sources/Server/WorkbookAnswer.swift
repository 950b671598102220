import AnswerTables
import Engine
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /graphql` answered as an Excel workbook, for a browser's "download as Excel": asked for with
/// `?format=xlsx` (a link can carry no headers) or `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`.
/// The workbook is the table format's (`AnswerWorkbook`): each root field a sheet, nested lists sheets of their own.
/// An answer with errors, or without data, is sent as the JSON response it is, so the caller sees what went wrong.
enum WorkbookAnswer {
    static let mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// Whether the request asks for a workbook.
    /// Asked on every GET: the query string is decoded only when it has a `format` parameter, and the `Accept`
    /// header parsed only when it names the type.
    static func isWanted(queryString: Substring?, accept: String?) -> Bool {
        if let queryString, queryString.contains("format="),
           FormURLEncoded.firstValue(of: "format", in: FormURLEncoded.decode(queryString))?.lowercased() == "xlsx" {
            return true
        }
        guard let accept, accept.contains("spreadsheetml") else { return false }
        return MediaRange.parseList(accept).contains {
            $0.type == "application" && $0.subtype == "vnd.openxmlformats-officedocument.spreadsheetml.sheet" && $0.quality > 0
        }
    }

    /// The workbook for a clean answer; nil when the answer has errors or no data (or cannot be read).
    static func response(for body: [UInt8], operationName: String?) -> Response? {
        guard let answer = try? JSONParser.parse(String(decoding: body, as: UTF8.self), maximumDepth: 512),
              answer["errors"] == nil, let data = answer["data"], data != .null,
              let workbook = try? AnswerWorkbook.data(ResultTable.tables(fromData: data)) else { return nil }
        let name = (operationName?.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }).flatMap { $0.isEmpty ? nil : $0 } ?? "answer"
        var headers = HTTPFields()
        headers[.contentType] = mediaType
        headers[.contentDisposition] = "attachment; filename=\"qunji-\(name).xlsx\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: workbook)))
    }
}
