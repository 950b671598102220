/// Builds GB 32100-2015 unified social credit codes for sample enterprises.
///
/// The database checks the 18th (check) character; generating it here with the same rule keeps the
/// sample data loadable. The registering division (characters 3-8) is the enterprise's county.
enum CreditCode {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The check character for the first 17 characters.
    static func checkCharacter(_ first17: [Character]) -> Character {
        var sum = 0
        for (character, weight) in zip(first17, weights) {
            sum += (alphabet.firstIndex(of: character) ?? 0) * weight
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// `91` (registered by market regulation, enterprise) + county code + 9 random organisation-code
    /// characters + the check character.
    static func make(countyCode: String, random: inout SampleRandom) -> String {
        var characters = Array("91") + Array(countyCode)
        for _ in 0..<9 {
            characters.append(alphabet[random.int(0...(alphabet.count - 1))])
        }
        characters.append(checkCharacter(characters))
        return String(characters)
    }
}
