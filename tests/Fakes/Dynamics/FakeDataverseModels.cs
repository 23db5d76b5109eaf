using System.Text.Json.Nodes;

namespace ActOnSync.Fakes.Dynamics;

/// <summary>A lead the fake holds: its id, its alternate key value, its columns, and how it was written.</summary>
public sealed record FakeLead(Guid Id, string Key, IReadOnlyDictionary<string, string?> Columns, int Creates, int Updates);

/// <summary>A task the fake holds, regarding a lead (or none).</summary>
public sealed record FakeTask(Guid Id, string Subject, string? Description, Guid? RegardingLeadId);

/// <summary>One call to the Web API as it arrived, with the status it was answered.</summary>
public sealed record DataverseRequest(DateTimeOffset ReceivedAt, string Method, string Path,
    IReadOnlyDictionary<string, string> Headers, string Body, int Status)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>The fake's answer to one call, before it is written out.</summary>
internal sealed record DataverseReply(int Status, JsonObject? Body = null, string? EntityId = null, int? RetryAfterSeconds = null,
    string? WwwAuthenticate = null)
{
    public static DataverseReply NoContent(string entityId) => new(204, EntityId: entityId);

    /// <summary>Dataverse's error shape: <c>{"error":{"code":"0x…","message":"…"}}</c>; the code is often empty.</summary>
    public static DataverseReply Error(int status, string code, string message) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
}
