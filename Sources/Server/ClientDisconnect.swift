import Foundation
import Hummingbird
import NIOCore

/// Notices a client closing its connection while its request is still being answered, so the request's task
/// is cancelled and its statement cancelled on the server (`PQcancel`) instead of running on for nobody.
///
/// Hummingbird does not cancel a handler when its client goes away, and with remote half-closure allowed (as
/// Hummingbird sets it) a client's close arrives as an `inputClosed` event, not a closed channel. A small
/// handler in each connection's pipeline turns that event (or the channel going inactive) into a signal the
/// route watches. Requests on one HTTP/1 connection run one after another, so a signal holds one watcher.
final class ClientDisconnectHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny

    func handlerAdded(context: ChannelHandlerContext) {
        ClientDisconnects.register(context.channel)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            ClientDisconnects.signal(for: context.channel)?.fire()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        ClientDisconnects.signal(for: context.channel)?.fire()
        ClientDisconnects.remove(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }
}

/// One connection's "the client went away" signal.
final class DisconnectSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var watcher: (@Sendable () -> Void)?

    func fire() {
        let action: (@Sendable () -> Void)? = lock.withLock {
            fired = true
            defer { watcher = nil }
            return watcher
        }
        action?()
    }

    /// Calls `action` when the client goes away (at once if it already has) until `unwatch`.
    func watch(_ action: @escaping @Sendable () -> Void) {
        let already: Bool = lock.withLock {
            if fired { return true }
            watcher = action
            return false
        }
        if already { action() }
    }

    func unwatch() {
        lock.withLock { watcher = nil }
    }
}

/// The signals of open connections, by channel.
enum ClientDisconnects {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var signals: [ObjectIdentifier: DisconnectSignal] = [:]

    static func register(_ channel: any Channel) {
        lock.withLock { signals[ObjectIdentifier(channel as AnyObject)] = DisconnectSignal() }
    }

    static func remove(_ channel: any Channel) {
        lock.withLock { _ = signals.removeValue(forKey: ObjectIdentifier(channel as AnyObject)) }
    }

    static func signal(for channel: any Channel) -> DisconnectSignal? {
        lock.withLock { signals[ObjectIdentifier(channel as AnyObject)] }
    }
}

/// The request context of qunji's router: Hummingbird's core context plus the connection's channel.
public struct QunjiRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}

/// Runs `work` as a task that is cancelled if the client disconnects before it finishes.
func cancelledOnDisconnect<T: Sendable>(_ channel: any Channel, _ work: @escaping @Sendable () async -> T) async -> T {
    guard let signal = ClientDisconnects.signal(for: channel) else { return await work() }
    let task = Task { await work() }
    signal.watch { task.cancel() }
    let result = await task.value
    signal.unwatch()
    return result
}
