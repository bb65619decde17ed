using Google.Protobuf.Reflection;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>One step from a message into a field: a singular field, an element of a repeated one, or a map entry's value.</summary>
internal sealed record FieldStep(FieldDescriptor Field, int Index = 0, object? Key = null)
{
    public override string ToString() =>
        Field.IsMap ? $"{Field.Name}[{Key}]" : Field.IsRepeated ? $"{Field.Name}[{Index}]" : Field.Name;

    /// <summary>The field numbers this step takes on the wire (a map value sits in field 2 of its entry).</summary>
    public IEnumerable<int> WireFields => Field.IsMap ? [Field.FieldNumber, 2] : [Field.FieldNumber];
}
