/// `@live` on a query operation (the graphql-live-query convention, declared in `schema/schema.graphql`): over a
/// stream the query is kept live as a subscription is — answered again whenever what it reads changes — while holding
/// any number of root fields, which a subscription may not. Plain HTTP answers it once, so a client that does not
/// stream loses nothing by sending it.
public enum LiveDirective {
    /// The directive's name, as documents write it.
    public static let name = "live"
}
