using System.Globalization;
using System.Text;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// A <see cref="StringWriter"/> that refuses to grow past a limit, so a template that loops over
/// large values fails with a clear error instead of exhausting the server's memory.
/// </summary>
internal sealed class BoundedStringWriter(int maxLength) : StringWriter(CultureInfo.InvariantCulture)
{
    public override void Write(char value)
    {
        EnsureRoom(1);
        base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        EnsureRoom(count);
        base.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        EnsureRoom(buffer.Length);
        base.Write(buffer);
    }

    public override void Write(string? value)
    {
        EnsureRoom(value?.Length ?? 0);
        base.Write(value);
    }

    public override void Write(StringBuilder? value)
    {
        EnsureRoom(value?.Length ?? 0);
        base.Write(value);
    }

    private void EnsureRoom(int count)
    {
        if ((long)GetStringBuilder().Length + count > maxLength)
        {
            throw SandboxLimits.TooLarge(maxLength);
        }
    }
}
