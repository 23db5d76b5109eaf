using System.Text.Json;

namespace ActOnSync.IntegrationTests.Support;

public static class Pages
{
    /// <summary>Follows <c>next</c> from the first page to the last; returns each page's items' <paramref name="property"/>.</summary>
    public static async Task<List<string[]>> WalkAsync(Func<string, Task<JsonElement>> get, string firstUrl, string property = "id")
    {
        var pages = new List<string[]>();
        string? next = null;
        do
        {
            var page = await get(firstUrl + (next is null ? "" : $"&after={next}"));
            pages.Add(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(property).GetString()!).ToArray());
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        } while (next is not null);
        return pages;
    }
}
