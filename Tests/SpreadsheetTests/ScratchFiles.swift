import Foundation
import TestSupport

/// A new, created folder for a test's files.
func scratchFolder(_ label: String) throws -> URL {
    let url = URL(fileURLWithPath: Scratch.newFolder(label))
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
