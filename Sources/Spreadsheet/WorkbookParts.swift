import Foundation
import XMLCoder

/// The parts of a workbook that describe it, not its cells: encoded with XMLCoder from these types. The sheets'
/// cells are written by `SheetXMLWriter`, streamed, as they can be millions.
enum WorkbookParts {
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationshipNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let contentTypesNamespace = "http://schemas.openxmlformats.org/package/2006/content-types"

    static let header = XMLHeader(version: 1.0, encoding: "UTF-8", standalone: "yes")

    struct ContentTypes: Encodable {
        struct Default: Encodable {
            @Attribute var Extension: String
            @Attribute var ContentType: String
            init(Extension: String, ContentType: String) {
                _Extension = Attribute(Extension)
                _ContentType = Attribute(ContentType)
            }
        }
        struct Override: Encodable {
            @Attribute var PartName: String
            @Attribute var ContentType: String
            init(PartName: String, ContentType: String) {
                _PartName = Attribute(PartName)
                _ContentType = Attribute(ContentType)
            }
        }
        var Default: [Default]
        var Override: [Override]
    }

    struct Relationships: Encodable {
        struct Relationship: Encodable {
            @Attribute var Id: String
            @Attribute var `Type`: String
            @Attribute var Target: String
            init(Id: String, Type: String, Target: String) {
                _Id = Attribute(Id)
                _Type = Attribute(Type)
                _Target = Attribute(Target)
            }
        }
        var Relationship: [Relationship]
    }

    struct Workbook: Encodable {
        struct Sheets: Encodable {
            struct Sheet: Encodable {
                @Attribute var name: String
                @Attribute var sheetId: Int
                @Attribute var id: String

                init(name: String, sheetId: Int, id: String) {
                    _name = Attribute(name)
                    _sheetId = Attribute(sheetId)
                    _id = Attribute(id)
                }

                enum CodingKeys: String, CodingKey {
                    case name, sheetId
                    case id = "r:id"
                }
            }
            var sheet: [Sheet]
        }
        var sheets: Sheets
    }

    /// Three cell formats: 0 the default, 1 a day (`yyyy-mm-dd`, as the records and GraphQL write days, the same in
    /// every locale; Excel's built-in day format would show 3/1/23 to one reader and 2023/3/1 to another), 2 bold,
    /// for header rows. Constant, so written as it stands.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="\(mainNamespace)">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    static func contentTypes(sheetCount: Int) throws -> Data {
        let sheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        let parts = ContentTypes(
            Default: [
                .init(Extension: "rels", ContentType: "application/vnd.openxmlformats-package.relationships+xml"),
                .init(Extension: "xml", ContentType: "application/xml"),
            ],
            Override: [
                .init(PartName: "/xl/workbook.xml",
                      ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
                .init(PartName: "/xl/styles.xml",
                      ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"),
            ] + (0..<sheetCount).map { index -> ContentTypes.Override in
                ContentTypes.Override(PartName: "/xl/worksheets/sheet\(index + 1).xml", ContentType: sheetType)
            })
        return try encoder().encode(parts, withRootKey: "Types", rootAttributes: ["xmlns": contentTypesNamespace],
                                    header: header)
    }

    static func packageRelationships() throws -> Data {
        let parts = Relationships(Relationship: [
            .init(Id: "rId1", Type: relationshipNamespace + "/officeDocument", Target: "xl/workbook.xml"),
        ])
        return try encoder().encode(parts, withRootKey: "Relationships",
                                    rootAttributes: ["xmlns": packageRelationshipNamespace], header: header)
    }

    static func workbookRelationships(sheetCount: Int) throws -> Data {
        var relationships = (0..<sheetCount).map {
            Relationships.Relationship(Id: "rId\($0 + 1)", Type: relationshipNamespace + "/worksheet",
                                       Target: "worksheets/sheet\($0 + 1).xml")
        }
        relationships.append(.init(Id: "rId\(sheetCount + 1)", Type: relationshipNamespace + "/styles", Target: "styles.xml"))
        return try encoder().encode(Relationships(Relationship: relationships), withRootKey: "Relationships",
                                    rootAttributes: ["xmlns": packageRelationshipNamespace], header: header)
    }

    static func workbook(sheetNames: [String]) throws -> Data {
        let sheets = sheetNames.enumerated().map { index, name in
            Workbook.Sheets.Sheet(name: name, sheetId: index + 1, id: "rId\(index + 1)")
        }
        return try encoder().encode(Workbook(sheets: .init(sheet: sheets)), withRootKey: "workbook",
                                    rootAttributes: ["xmlns": mainNamespace, "xmlns:r": relationshipNamespace],
                                    header: header)
    }

    /// Attributes and elements in sorted order: the root's namespace attributes come from a dictionary, and the
    /// same workbook must give the same bytes (exports are compared as files).
    private static func encoder() -> XMLEncoder {
        let encoder = XMLEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
