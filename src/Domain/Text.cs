namespace ActOnSync.Domain;

public static class Text
{
    /// <summary>
    /// At most <paramref name="maxChars"/> characters, <paramref name="marker"/> included when the
    /// text is cut; never cuts a surrogate pair in half (half an emoji is invalid UTF-16).
    /// </summary>
    public static string Truncate(string text, int maxChars, string marker = "")
    {
        if (text.Length <= maxChars)
            return text;
        var keep = maxChars - marker.Length;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
            keep--;
        return text[..Math.Max(keep, 0)] + marker;
    }
}
