import CLibPQ
import Logging

/// Receives the server's NOTICE/WARNING messages for one connection and logs them, instead of libpq's
/// default of printing them to stderr.
///
/// libpq calls the processor with a raw context pointer; the connection keeps this object alive (a
/// stored property) for as long as the `PGconn` exists, and passes it unretained.
final class NoticeSink: Sendable {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func install(on connection: OpaquePointer) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        PQsetNoticeProcessor(connection, { context, message in
            guard let context, let message else {
                return
            }
            let sink = Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue()
            sink.log(String(cString: message))
        }, context)
    }

    func log(_ message: String) {
        let text = message.trimmingTrailingWhitespace()
        let level: Logger.Level = text.hasPrefix("WARNING") ? .warning : .notice
        self.logger.log(level: level, "postgres: \(text)")
    }
}
