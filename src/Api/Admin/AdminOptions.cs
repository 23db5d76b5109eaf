namespace ActOnSync.Api.Admin;

/// <summary>Bound from the <c>Admin</c> section.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";
    public const string HeaderName = "X-Api-Key";
    public const int MinKeyLength = 16;

    /// <summary>The key the query and admin API require in <c>X-Api-Key</c>.</summary>
    public string ApiKey { get; set; } = "";
}
