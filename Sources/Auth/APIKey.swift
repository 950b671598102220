import Crypto
import Foundation

/// An API key as clients send it: `qj_` followed by 32 lower-case base-32 characters (160 random bits).
/// The server stores only its SHA-256 and its first 11 characters (the prefix shown in listings).
public struct APIKey: Sendable, Hashable {
    public let text: String

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    /// A new random key from the system's secure generator.
    public static func generate() -> APIKey {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<32).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        return APIKey(text: "qj_" + String(characters))
    }

    /// The key in `text` if it has the key format, else nil.
    public init?(_ text: String) {
        guard text.hasPrefix("qj_"), text.utf8.count == 35,
              text.dropFirst(3).allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        self.text = text
    }

    private init(text: String) {
        self.text = text
    }

    /// The first 11 characters (`qj_` and 8 more), stored to recognise a key in listings.
    public var prefix: String { String(text.prefix(11)) }

    /// Hex SHA-256 of the key: what the database stores and looks keys up by.
    public var hash: String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
