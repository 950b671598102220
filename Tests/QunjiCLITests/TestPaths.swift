import TestSupport

enum TestPaths {
    static var sqlDirectory: String { Repository.url("sql").path }
}
