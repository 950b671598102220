/// Yearly indicators per cluster (Art. 11's figures), 2020-2025, generated backwards from the 2025
/// output so that most recognised clusters grow, with the dips and misses the eligibility rules need.
extension SampleBuilder {
    func addIndicators(for generated: GeneratedCluster, random: inout SampleRandom) {
        let firstYear: Int
        if case .cultivating(let since) = generated.lifecycle {
            firstYear = since - 1
        } else {
            firstYear = 2020
        }
        let years = Array(firstYear...2025)
        let strong = generated.lifecycle.isRecognized
        // Output per year, walking back from 2025 with yearly growth drawn per year.
        var outputs: [Double] = Array(repeating: 0, count: years.count)
        outputs[outputs.count - 1] = generated.output
        for i in stride(from: years.count - 2, through: 0, by: -1) {
            let growth = strong ? random.double(0.06...0.18) : random.double(-0.03...0.14)
            outputs[i] = outputs[i + 1] / (1 + growth)
        }
        let smeShare = random.double(strong ? 0.66...0.93 : 0.55...0.9)
        let leadingShare = random.double(strong ? 0.68...0.94 : 0.55...0.9)
        var rdRatio = random.double(0.008...0.02)
        var patents = Double(random.int(15...260))
        var cloud = random.double(0.2...0.45)
        var software = random.double(0.12...0.35)
        var co2 = random.double(0.3...2.4) * (generated.energyIntensive ? 2.5 : 1)
        let energyBenchmark = generated.sector.energyBenchmark
        let waterBenchmark = generated.sector.waterBenchmark
        let efficiency = random.double(strong ? 0.7...1.02 : 0.8...1.15)
        let exportShare = random.double(generated.sector.exportShare)
        let members = max(generated.enterpriseIDs.count, 10)
        let stagnantRD = random.chance(strong ? 0.12 : 0.35) ? random.int(0...(years.count - 1)) : -1
        for (i, year) in years.enumerated() {
            let output = outputs[i]
            let sme = output * min(0.98, smeShare * random.double(0.98...1.02))
            let leading = output * min(0.98, leadingShare * random.double(0.98...1.02))
            if i > 0 && i != stagnantRD { rdRatio *= random.double(1.01...1.12) }
            if i == stagnantRD { rdRatio *= random.double(0.8...0.95) }
            if i > 0 { patents *= random.double(strong ? 1.03...1.2 : 0.97...1.15) }
            cloud = min(0.95, cloud + random.double(0.02...0.08))
            software = min(0.9, software + random.double(0.01...0.06))
            if i > 0 { co2 *= random.double(strong ? 0.92...0.995 : 0.93...1.04) }
            let progress = Double(years.count - 1 - i) * 0.02
            let energy = energyBenchmark * (efficiency + progress) * random.double(0.98...1.02)
            let water = waterBenchmark * (efficiency + progress) * random.double(0.97...1.03)
            let enterprises = Int(Double(members) * (1.4 + Double(i) * 0.12) * random.double(0.95...1.05))
            indicator.append([
                String(generated.id), String(year),
                Money(yuan: output, roundedTo: 10_000).description,
                Money(yuan: sme, roundedTo: 10_000).description,
                Money(yuan: leading, roundedTo: 10_000).description,
                Money(yuan: sme * rdRatio, roundedTo: 10_000).description,
                String(Int(patents)),
                Self.fraction(random.double(0.25...0.7)),
                Self.fraction(cloud), Self.fraction(software),
                Self.decimal(co2, places: 4),
                generated.energyIntensive || random.chance(0.6) ? Self.decimal(energy, places: 4) : nil,
                Self.decimal(energyBenchmark, places: 4),
                generated.waterIntensive || random.chance(0.6) ? Self.decimal(water, places: 4) : nil,
                Self.decimal(waterBenchmark, places: 4),
                Money(yuan: output * exportShare * random.double(0.8...1.2), roundedTo: 10_000).description,
                String(random.int(0...(strong ? 6 : 3))),
                String(random.int(0...(exportShare > 0.05 ? 3 : 1))),
                String(random.int(strong ? 2...8 : 0...4)),
                String(enterprises),
                String(Int(Double(enterprises) * random.double(0.93...0.99))),
                String(Int(Double(enterprises) * random.double(0.2...0.4))),
                String(Int(output / random.double(6e5...1.5e6))),
            ])
        }
    }

    /// A ratio as numeric(5,4) text.
    static func fraction(_ value: Double) -> String {
        decimal(min(1, max(0, value)), places: 4)
    }

    /// Fixed-point text with `places` decimals, computed from an integer so no locale or float
    /// formatting can change the digits.
    static func decimal(_ value: Double, places: Int) -> String {
        var factor = 1
        for _ in 0..<places { factor *= 10 }
        let scaled = Int((value * Double(factor)).rounded())
        let whole = scaled / factor
        let fraction = String(scaled % factor)
        return "\(whole).\(String(repeating: "0", count: places - fraction.count))\(fraction)"
    }
}
