import Foundation

/// Runs a program to its end and returns its exit status and output (stdout and stderr together), waiting
/// on a thread of its own: a blocking wait on Swift's cooperative threads would stall servers under test.
public enum ChildProcess {
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil)
        async throws -> (status: Int32, output: String)
    {
        try await ProjectDatabase.blocking {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            if let environment { process.environment = environment }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }
}
