namespace ActOnSync.Api.Problems;

/// <summary>The problem+json answers this API gives, each saying what was wrong.</summary>
public static class Problem
{
    public static IResult Of(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
}
