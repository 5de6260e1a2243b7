import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace otlp. */
export namespace otlp {

    /**
     * Properties of an ExportLogsServiceRequest.
     * @deprecated Use otlp.ExportLogsServiceRequest.$Properties instead.
     */
    interface IExportLogsServiceRequest extends otlp.ExportLogsServiceRequest.$Properties {
    }

    /** Represents an ExportLogsServiceRequest. */
    class ExportLogsServiceRequest {

        /**
         * Constructs a new ExportLogsServiceRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.ExportLogsServiceRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ExportLogsServiceRequest resource_logs. */
        resource_logs: otlp.ResourceLogs.$Properties[];

        /**
         * Creates a new ExportLogsServiceRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ExportLogsServiceRequest instance
         */
        static create(properties: otlp.ExportLogsServiceRequest.$Shape): otlp.ExportLogsServiceRequest & otlp.ExportLogsServiceRequest.$Shape;
        static create(properties?: otlp.ExportLogsServiceRequest.$Properties): otlp.ExportLogsServiceRequest;

        /**
         * Encodes the specified ExportLogsServiceRequest message. Does not implicitly {@link otlp.ExportLogsServiceRequest.verify|verify} messages.
         * @param message ExportLogsServiceRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: otlp.ExportLogsServiceRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ExportLogsServiceRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {otlp.ExportLogsServiceRequest & otlp.ExportLogsServiceRequest.$Shape} ExportLogsServiceRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.ExportLogsServiceRequest & otlp.ExportLogsServiceRequest.$Shape;

        /**
         * Gets the type url for ExportLogsServiceRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ExportLogsServiceRequest {

        /** Properties of an ExportLogsServiceRequest. */
        interface $Properties {

            /** ExportLogsServiceRequest resource_logs */
            resource_logs?: (otlp.ResourceLogs.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an ExportLogsServiceRequest. */
        type $Shape = {
          resource_logs?: otlp.ResourceLogs.$Shape[]|null;
          $unknowns?: Uint8Array[];
        };
    }

    /**
     * Properties of an ExportLogsServiceResponse.
     * @deprecated Use otlp.ExportLogsServiceResponse.$Properties instead.
     */
    interface IExportLogsServiceResponse extends otlp.ExportLogsServiceResponse.$Properties {
    }

    /** Represents an ExportLogsServiceResponse. */
    class ExportLogsServiceResponse {

        /**
         * Constructs a new ExportLogsServiceResponse.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.ExportLogsServiceResponse.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ExportLogsServiceResponse partial_success. */
        partial_success?: (otlp.ExportLogsPartialSuccess.$Properties|null);

        /**
         * Creates a new ExportLogsServiceResponse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ExportLogsServiceResponse instance
         */
        static create(properties: otlp.ExportLogsServiceResponse.$Shape): otlp.ExportLogsServiceResponse & otlp.ExportLogsServiceResponse.$Shape;
        static create(properties?: otlp.ExportLogsServiceResponse.$Properties): otlp.ExportLogsServiceResponse;

        /**
         * Encodes the specified ExportLogsServiceResponse message. Does not implicitly {@link otlp.ExportLogsServiceResponse.verify|verify} messages.
         * @param message ExportLogsServiceResponse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: otlp.ExportLogsServiceResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ExportLogsServiceResponse message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {otlp.ExportLogsServiceResponse & otlp.ExportLogsServiceResponse.$Shape} ExportLogsServiceResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.ExportLogsServiceResponse & otlp.ExportLogsServiceResponse.$Shape;

        /**
         * Gets the type url for ExportLogsServiceResponse
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ExportLogsServiceResponse {

        /** Properties of an ExportLogsServiceResponse. */
        interface $Properties {

            /** ExportLogsServiceResponse partial_success */
            partial_success?: (otlp.ExportLogsPartialSuccess.$Properties|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an ExportLogsServiceResponse. */
        type $Shape = otlp.ExportLogsServiceResponse.$Properties;
    }

    /**
     * Properties of an ExportLogsPartialSuccess.
     * @deprecated Use otlp.ExportLogsPartialSuccess.$Properties instead.
     */
    interface IExportLogsPartialSuccess extends otlp.ExportLogsPartialSuccess.$Properties {
    }

    /** Represents an ExportLogsPartialSuccess. */
    class ExportLogsPartialSuccess {

        /**
         * Constructs a new ExportLogsPartialSuccess.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.ExportLogsPartialSuccess.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ExportLogsPartialSuccess rejected_log_records. */
        rejected_log_records: (number|Long);

        /** ExportLogsPartialSuccess error_message. */
        error_message: string;

        /**
         * Creates a new ExportLogsPartialSuccess instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ExportLogsPartialSuccess instance
         */
        static create(properties: otlp.ExportLogsPartialSuccess.$Shape): otlp.ExportLogsPartialSuccess & otlp.ExportLogsPartialSuccess.$Shape;
        static create(properties?: otlp.ExportLogsPartialSuccess.$Properties): otlp.ExportLogsPartialSuccess;

        /**
         * Encodes the specified ExportLogsPartialSuccess message. Does not implicitly {@link otlp.ExportLogsPartialSuccess.verify|verify} messages.
         * @param message ExportLogsPartialSuccess message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: otlp.ExportLogsPartialSuccess.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ExportLogsPartialSuccess message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {otlp.ExportLogsPartialSuccess & otlp.ExportLogsPartialSuccess.$Shape} ExportLogsPartialSuccess
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.ExportLogsPartialSuccess & otlp.ExportLogsPartialSuccess.$Shape;

        /**
         * Gets the type url for ExportLogsPartialSuccess
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ExportLogsPartialSuccess {

        /** Properties of an ExportLogsPartialSuccess. */
        interface $Properties {

            /** ExportLogsPartialSuccess rejected_log_records */
            rejected_log_records?: (number|Long|null);

            /** ExportLogsPartialSuccess error_message */
            error_message?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an ExportLogsPartialSuccess. */
        type $Shape = otlp.ExportLogsPartialSuccess.$Properties;
    }

    /**
     * Properties of a ResourceLogs.
     * @deprecated Use otlp.ResourceLogs.$Properties instead.
     */
    interface IResourceLogs extends otlp.ResourceLogs.$Properties {
    }

    /** Represents a ResourceLogs. */
    class ResourceLogs {

        /**
         * Constructs a new ResourceLogs.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.ResourceLogs.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ResourceLogs resource. */
        resource?: (otlp.Resource.$Properties|null);

        /** ResourceLogs scope_logs. */
        scope_logs: otlp.ScopeLogs.$Properties[];

        /**
         * Creates a new ResourceLogs instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ResourceLogs instance
         */
        static create(properties: otlp.ResourceLogs.$Shape): otlp.ResourceLogs & otlp.ResourceLogs.$Shape;
        static create(properties?: otlp.ResourceLogs.$Properties): otlp.ResourceLogs;

        /**
         * Encodes the specified ResourceLogs message. Does not implicitly {@link otlp.ResourceLogs.verify|verify} messages.
         * @param message ResourceLogs message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: otlp.ResourceLogs.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ResourceLogs message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {otlp.ResourceLogs & otlp.ResourceLogs.$Shape} ResourceLogs
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.ResourceLogs & otlp.ResourceLogs.$Shape;

        /**
         * Gets the type url for ResourceLogs
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ResourceLogs {

        /** Properties of a ResourceLogs. */
        interface $Properties {

            /** ResourceLogs resource */
            resource?: (otlp.Resource.$Properties|null);

            /** ResourceLogs scope_logs */
            scope_logs?: (otlp.ScopeLogs.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ResourceLogs. */
        type $Shape = {
          resource?: otlp.Resource.$Shape|null;
          scope_logs?: otlp.ScopeLogs.$Shape[]|null;
          $unknowns?: Uint8Array[];
        };
    }

    /**
     * Properties of a Resource.
     * @deprecated Use otlp.Resource.$Properties instead.
     */
    interface IResource extends otlp.Resource.$Properties {
    }

    /** Represents a Resource. */
    class Resource {

        /**
         * Constructs a new Resource.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.Resource.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Resource attributes. */
        attributes: otlp.KeyValue.$Properties[];

        /**
         * Creates a new Resource instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Resource instance
         */
        static create(properties: otlp.Resource.$Shape): otlp.Resource & otlp.Resource.$Shape;
        static create(properties?: otlp.Resource.$Properties): otlp.Resource;

        /**
         * Encodes the specified Resource message. Does not implicitly {@link otlp.Resource.verify|verify} messages.
         * @param message Resource message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: otlp.Resource.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Resource message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {otlp.Resource & otlp.Resource.$Shape} Resource
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.Resource & otlp.Resource.$Shape;

        /**
         * Gets the type url for Resource
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Resource {

        /** Properties of a Resource. */
        interface $Properties {

            /** Resource attributes */
            attributes?: (otlp.KeyValue.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Resource. */
        type $Shape = {
          attributes?: otlp.KeyValue.$Shape[]|null;
          $unknowns?: Uint8Array[];
        };
    }

    /**
     * Properties of a ScopeLogs.
     * @deprecated Use otlp.ScopeLogs.$Properties instead.
     */
    interface IScopeLogs extends otlp.ScopeLogs.$Properties {
    }

    /** Represents a ScopeLogs. */
    class ScopeLogs {

        /**
         * Constructs a new ScopeLogs.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.ScopeLogs.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ScopeLogs scope. */
        scope?: (otlp.InstrumentationScope.$Properties|null);

        /** ScopeLogs log_records. */
        log_records: otlp.LogRecord.$Properties[];

        /**
         * Creates a new ScopeLogs instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ScopeLogs instance
         */
        static create(properties: otlp.ScopeLogs.$Shape): otlp.ScopeLogs & otlp.ScopeLogs.$Shape;
        static create(properties?: otlp.ScopeLogs.$Properties): otlp.ScopeLogs;

        /**
         * Encodes the specified ScopeLogs message. Does not implicitly {@link otlp.ScopeLogs.verify|verify} messages.
         * @param message ScopeLogs message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: otlp.ScopeLogs.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ScopeLogs message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {otlp.ScopeLogs & otlp.ScopeLogs.$Shape} ScopeLogs
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.ScopeLogs & otlp.ScopeLogs.$Shape;

        /**
         * Gets the type url for ScopeLogs
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ScopeLogs {

        /** Properties of a ScopeLogs. */
        interface $Properties {

            /** ScopeLogs scope */
            scope?: (otlp.InstrumentationScope.$Properties|null);

            /** ScopeLogs log_records */
            log_records?: (otlp.LogRecord.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ScopeLogs. */
        type $Shape = {
          scope?: otlp.InstrumentationScope.$Shape|null;
          log_records?: otlp.LogRecord.$Shape[]|null;
          $unknowns?: Uint8Array[];
        };
    }

    /**
     * Properties of an InstrumentationScope.
     * @deprecated Use otlp.InstrumentationScope.$Properties instead.
     */
    interface IInstrumentationScope extends otlp.InstrumentationScope.$Properties {
    }

    /** Represents an InstrumentationScope. */
    class InstrumentationScope {

        /**
         * Constructs a new InstrumentationScope.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.InstrumentationScope.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** InstrumentationScope name. */
        name: string;

        /** InstrumentationScope version. */
        version: string;

        /** InstrumentationScope attributes. */
        attributes: otlp.KeyValue.$Properties[];

        /**
         * Creates a new InstrumentationScope instance using the specified properties.
         * @param [properties] Properties to set
         * @returns InstrumentationScope instance
         */
        static create(properties: otlp.InstrumentationScope.$Shape): otlp.InstrumentationScope & otlp.InstrumentationScope.$Shape;
        static create(properties?: otlp.InstrumentationScope.$Properties): otlp.InstrumentationScope;

        /**
         * Encodes the specified InstrumentationScope message. Does not implicitly {@link otlp.InstrumentationScope.verify|verify} messages.
         * @param message InstrumentationScope message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: otlp.InstrumentationScope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an InstrumentationScope message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {otlp.InstrumentationScope & otlp.InstrumentationScope.$Shape} InstrumentationScope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.InstrumentationScope & otlp.InstrumentationScope.$Shape;

        /**
         * Gets the type url for InstrumentationScope
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace InstrumentationScope {

        /** Properties of an InstrumentationScope. */
        interface $Properties {

            /** InstrumentationScope name */
            name?: (string|null);

            /** InstrumentationScope version */
            version?: (string|null);

            /** InstrumentationScope attributes */
            attributes?: (otlp.KeyValue.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an InstrumentationScope. */
        type $Shape = {
          name?: string|null;
          version?: string|null;
          attributes?: otlp.KeyValue.$Shape[]|null;
          $unknowns?: Uint8Array[];
        };
    }

    /**
     * Properties of a LogRecord.
     * @deprecated Use otlp.LogRecord.$Properties instead.
     */
    interface ILogRecord extends otlp.LogRecord.$Properties {
    }

    /** Represents a LogRecord. */
    class LogRecord {

        /**
         * Constructs a new LogRecord.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.LogRecord.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** LogRecord time_unix_nano. */
        time_unix_nano: (number|Long);

        /** LogRecord observed_time_unix_nano. */
        observed_time_unix_nano: (number|Long);

        /** LogRecord severity_number. */
        severity_number: number;

        /** LogRecord severity_text. */
        severity_text: string;

        /** LogRecord body. */
        body?: (otlp.AnyValue.$Properties|null);

        /** LogRecord attributes. */
        attributes: otlp.KeyValue.$Properties[];

        /** LogRecord trace_id. */
        trace_id: Uint8Array;

        /** LogRecord span_id. */
        span_id: Uint8Array;

        /**
         * Creates a new LogRecord instance using the specified properties.
         * @param [properties] Properties to set
         * @returns LogRecord instance
         */
        static create(properties: otlp.LogRecord.$Shape): otlp.LogRecord & otlp.LogRecord.$Shape;
        static create(properties?: otlp.LogRecord.$Properties): otlp.LogRecord;

        /**
         * Encodes the specified LogRecord message. Does not implicitly {@link otlp.LogRecord.verify|verify} messages.
         * @param message LogRecord message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: otlp.LogRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a LogRecord message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {otlp.LogRecord & otlp.LogRecord.$Shape} LogRecord
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.LogRecord & otlp.LogRecord.$Shape;

        /**
         * Gets the type url for LogRecord
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace LogRecord {

        /** Properties of a LogRecord. */
        interface $Properties {

            /** LogRecord time_unix_nano */
            time_unix_nano?: (number|Long|null);

            /** LogRecord observed_time_unix_nano */
            observed_time_unix_nano?: (number|Long|null);

            /** LogRecord severity_number */
            severity_number?: (number|null);

            /** LogRecord severity_text */
            severity_text?: (string|null);

            /** LogRecord body */
            body?: (otlp.AnyValue.$Properties|null);

            /** LogRecord attributes */
            attributes?: (otlp.KeyValue.$Properties[]|null);

            /** LogRecord trace_id */
            trace_id?: (Uint8Array|null);

            /** LogRecord span_id */
            span_id?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a LogRecord. */
        type $Shape = {
          time_unix_nano?: number|Long|null;
          observed_time_unix_nano?: number|Long|null;
          severity_number?: number|null;
          severity_text?: string|null;
          body?: otlp.AnyValue.$Shape|null;
          attributes?: otlp.KeyValue.$Shape[]|null;
          trace_id?: Uint8Array|null;
          span_id?: Uint8Array|null;
          $unknowns?: Uint8Array[];
        };
    }

    /**
     * Properties of an AnyValue.
     * @deprecated Use otlp.AnyValue.$Properties instead.
     */
    interface IAnyValue extends otlp.AnyValue.$Properties {
    }

    /** Represents an AnyValue. */
    class AnyValue {

        /**
         * Constructs a new AnyValue.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.AnyValue.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** AnyValue string_value. */
        string_value?: (string|null);

        /** AnyValue bool_value. */
        bool_value?: (boolean|null);

        /** AnyValue int_value. */
        int_value?: (number|Long|null);

        /** AnyValue double_value. */
        double_value?: (number|null);

        /** AnyValue array_value. */
        array_value?: (otlp.ArrayValue.$Properties|null);

        /** AnyValue kvlist_value. */
        kvlist_value?: (otlp.KeyValueList.$Properties|null);

        /** AnyValue bytes_value. */
        bytes_value?: (Uint8Array|null);

        /** AnyValue value. */
        value?: ("string_value"|"bool_value"|"int_value"|"double_value"|"array_value"|"kvlist_value"|"bytes_value");

        /**
         * Creates a new AnyValue instance using the specified properties.
         * @param [properties] Properties to set
         * @returns AnyValue instance
         */
        static create(properties: otlp.AnyValue.$Shape): otlp.AnyValue & otlp.AnyValue.$Shape;
        static create(properties?: otlp.AnyValue.$Properties): otlp.AnyValue;

        /**
         * Encodes the specified AnyValue message. Does not implicitly {@link otlp.AnyValue.verify|verify} messages.
         * @param message AnyValue message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: otlp.AnyValue.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an AnyValue message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {otlp.AnyValue & otlp.AnyValue.$Shape} AnyValue
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.AnyValue & otlp.AnyValue.$Shape;

        /**
         * Gets the type url for AnyValue
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace AnyValue {

        /** Properties of an AnyValue. */
        interface $Properties {

            /** AnyValue string_value */
            string_value?: (string|null);

            /** AnyValue bool_value */
            bool_value?: (boolean|null);

            /** AnyValue int_value */
            int_value?: (number|Long|null);

            /** AnyValue double_value */
            double_value?: (number|null);

            /** AnyValue array_value */
            array_value?: (otlp.ArrayValue.$Properties|null);

            /** AnyValue kvlist_value */
            kvlist_value?: (otlp.KeyValueList.$Properties|null);

            /** AnyValue bytes_value */
            bytes_value?: (Uint8Array|null);

            /** AnyValue value */
            value?: ("string_value"|"bool_value"|"int_value"|"double_value"|"array_value"|"kvlist_value"|"bytes_value");

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Narrowed shape of an AnyValue. */
        type $Shape = {
          string_value?: string|null;
          bool_value?: boolean|null;
          int_value?: number|Long|null;
          double_value?: number|null;
          array_value?: otlp.ArrayValue.$Shape|null;
          kvlist_value?: otlp.KeyValueList.$Shape|null;
          bytes_value?: Uint8Array|null;
          $unknowns?: Uint8Array[];
        } & (
          ({ value?: undefined; string_value?: null; bool_value?: null; int_value?: null; double_value?: null; array_value?: null; kvlist_value?: null; bytes_value?: null }|{ value?: "string_value"; string_value: string; bool_value?: null; int_value?: null; double_value?: null; array_value?: null; kvlist_value?: null; bytes_value?: null }|{ value?: "bool_value"; string_value?: null; bool_value: boolean; int_value?: null; double_value?: null; array_value?: null; kvlist_value?: null; bytes_value?: null }|{ value?: "int_value"; string_value?: null; bool_value?: null; int_value: number|Long; double_value?: null; array_value?: null; kvlist_value?: null; bytes_value?: null }|{ value?: "double_value"; string_value?: null; bool_value?: null; int_value?: null; double_value: number; array_value?: null; kvlist_value?: null; bytes_value?: null }|{ value?: "array_value"; string_value?: null; bool_value?: null; int_value?: null; double_value?: null; array_value: otlp.ArrayValue.$Shape; kvlist_value?: null; bytes_value?: null }|{ value?: "kvlist_value"; string_value?: null; bool_value?: null; int_value?: null; double_value?: null; array_value?: null; kvlist_value: otlp.KeyValueList.$Shape; bytes_value?: null }|{ value?: "bytes_value"; string_value?: null; bool_value?: null; int_value?: null; double_value?: null; array_value?: null; kvlist_value?: null; bytes_value: Uint8Array })
        );
    }

    /**
     * Properties of an ArrayValue.
     * @deprecated Use otlp.ArrayValue.$Properties instead.
     */
    interface IArrayValue extends otlp.ArrayValue.$Properties {
    }

    /** Represents an ArrayValue. */
    class ArrayValue {

        /**
         * Constructs a new ArrayValue.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.ArrayValue.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ArrayValue values. */
        values: otlp.AnyValue.$Properties[];

        /**
         * Creates a new ArrayValue instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ArrayValue instance
         */
        static create(properties: otlp.ArrayValue.$Shape): otlp.ArrayValue & otlp.ArrayValue.$Shape;
        static create(properties?: otlp.ArrayValue.$Properties): otlp.ArrayValue;

        /**
         * Encodes the specified ArrayValue message. Does not implicitly {@link otlp.ArrayValue.verify|verify} messages.
         * @param message ArrayValue message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: otlp.ArrayValue.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ArrayValue message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {otlp.ArrayValue & otlp.ArrayValue.$Shape} ArrayValue
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.ArrayValue & otlp.ArrayValue.$Shape;

        /**
         * Gets the type url for ArrayValue
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ArrayValue {

        /** Properties of an ArrayValue. */
        interface $Properties {

            /** ArrayValue values */
            values?: (otlp.AnyValue.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an ArrayValue. */
        type $Shape = {
          values?: otlp.AnyValue.$Shape[]|null;
          $unknowns?: Uint8Array[];
        };
    }

    /**
     * Properties of a KeyValueList.
     * @deprecated Use otlp.KeyValueList.$Properties instead.
     */
    interface IKeyValueList extends otlp.KeyValueList.$Properties {
    }

    /** Represents a KeyValueList. */
    class KeyValueList {

        /**
         * Constructs a new KeyValueList.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.KeyValueList.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** KeyValueList values. */
        values: otlp.KeyValue.$Properties[];

        /**
         * Creates a new KeyValueList instance using the specified properties.
         * @param [properties] Properties to set
         * @returns KeyValueList instance
         */
        static create(properties: otlp.KeyValueList.$Shape): otlp.KeyValueList & otlp.KeyValueList.$Shape;
        static create(properties?: otlp.KeyValueList.$Properties): otlp.KeyValueList;

        /**
         * Encodes the specified KeyValueList message. Does not implicitly {@link otlp.KeyValueList.verify|verify} messages.
         * @param message KeyValueList message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: otlp.KeyValueList.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a KeyValueList message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {otlp.KeyValueList & otlp.KeyValueList.$Shape} KeyValueList
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.KeyValueList & otlp.KeyValueList.$Shape;

        /**
         * Gets the type url for KeyValueList
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace KeyValueList {

        /** Properties of a KeyValueList. */
        interface $Properties {

            /** KeyValueList values */
            values?: (otlp.KeyValue.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a KeyValueList. */
        type $Shape = {
          values?: otlp.KeyValue.$Shape[]|null;
          $unknowns?: Uint8Array[];
        };
    }

    /**
     * Properties of a KeyValue.
     * @deprecated Use otlp.KeyValue.$Properties instead.
     */
    interface IKeyValue extends otlp.KeyValue.$Properties {
    }

    /** Represents a KeyValue. */
    class KeyValue {

        /**
         * Constructs a new KeyValue.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.KeyValue.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** KeyValue key. */
        key: string;

        /** KeyValue value. */
        value?: (otlp.AnyValue.$Properties|null);

        /**
         * Creates a new KeyValue instance using the specified properties.
         * @param [properties] Properties to set
         * @returns KeyValue instance
         */
        static create(properties: otlp.KeyValue.$Shape): otlp.KeyValue & otlp.KeyValue.$Shape;
        static create(properties?: otlp.KeyValue.$Properties): otlp.KeyValue;

        /**
         * Encodes the specified KeyValue message. Does not implicitly {@link otlp.KeyValue.verify|verify} messages.
         * @param message KeyValue message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: otlp.KeyValue.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a KeyValue message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {otlp.KeyValue & otlp.KeyValue.$Shape} KeyValue
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.KeyValue & otlp.KeyValue.$Shape;

        /**
         * Gets the type url for KeyValue
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace KeyValue {

        /** Properties of a KeyValue. */
        interface $Properties {

            /** KeyValue key */
            key?: (string|null);

            /** KeyValue value */
            value?: (otlp.AnyValue.$Properties|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a KeyValue. */
        type $Shape = {
          key?: string|null;
          value?: otlp.AnyValue.$Shape|null;
          $unknowns?: Uint8Array[];
        };
    }
}
