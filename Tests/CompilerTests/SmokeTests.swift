import Compiler
import Testing

@Suite("Query smoke")
struct SmokeTests {
    @Test func prefectureToQualifications() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run("""
            { prefectures(first: 2) { totalCount nodes { code name clusters(first: 1) { totalCount nodes { name enterprises(first: 2) { nodes { name qualifications { nodes { kind level grantedOn } } } } } } } } }
            """)
        print(body)
        #expect(body.hasPrefix("{\"data\":"))
    }
}
