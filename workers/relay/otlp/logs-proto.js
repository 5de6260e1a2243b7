/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const otlp = $root.otlp = (() => {

    /**
     * Namespace otlp.
     * @exports otlp
     * @namespace
     */
    const otlp = {};

    otlp.ExportLogsServiceRequest = (function() {

        /**
         * Properties of an ExportLogsServiceRequest.
         * @typedef {Object} otlp.ExportLogsServiceRequest.$Properties
         * @property {Array.<otlp.ResourceLogs.$Properties>|null} [resource_logs] ExportLogsServiceRequest resource_logs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an ExportLogsServiceRequest.
         * @memberof otlp
         * @interface IExportLogsServiceRequest
         * @augments otlp.ExportLogsServiceRequest.$Properties
         * @deprecated Use otlp.ExportLogsServiceRequest.$Properties instead.
         */

        /**
         * Shape of an ExportLogsServiceRequest.
         * @typedef {{
         *   resource_logs?: Array.<otlp.ResourceLogs.$Shape>|null;
         *   $unknowns?: Array.<Uint8Array>;
         * }} otlp.ExportLogsServiceRequest.$Shape
         */

        /**
         * Constructs a new ExportLogsServiceRequest.
         * @memberof otlp
         * @classdesc Represents an ExportLogsServiceRequest.
         * @constructor
         * @param {otlp.ExportLogsServiceRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ExportLogsServiceRequest = function (properties) {
            this.resource_logs = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ExportLogsServiceRequest resource_logs.
         * @member {Array.<otlp.ResourceLogs.$Properties>} resource_logs
         * @memberof otlp.ExportLogsServiceRequest
         * @instance
         */
        ExportLogsServiceRequest.prototype.resource_logs = $util.emptyArray;

        /**
         * Creates a new ExportLogsServiceRequest instance using the specified properties.
         * @function create
         * @memberof otlp.ExportLogsServiceRequest
         * @static
         * @param {otlp.ExportLogsServiceRequest.$Properties=} [properties] Properties to set
         * @returns {otlp.ExportLogsServiceRequest} ExportLogsServiceRequest instance
         * @type {{
         *   (properties: otlp.ExportLogsServiceRequest.$Shape): otlp.ExportLogsServiceRequest & otlp.ExportLogsServiceRequest.$Shape;
         *   (properties?: otlp.ExportLogsServiceRequest.$Properties): otlp.ExportLogsServiceRequest;
         * }}
         */
        ExportLogsServiceRequest.create = function(properties) {
            return new ExportLogsServiceRequest(properties);
        };

        /**
         * Encodes the specified ExportLogsServiceRequest message. Does not implicitly {@link otlp.ExportLogsServiceRequest.verify|verify} messages.
         * @function encode
         * @memberof otlp.ExportLogsServiceRequest
         * @static
         * @param {otlp.ExportLogsServiceRequest.$Properties} message ExportLogsServiceRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ExportLogsServiceRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.resource_logs != null && message.resource_logs.length)
                for (let i = 0; i < message.resource_logs.length; ++i)
                    $root.otlp.ResourceLogs.encode(message.resource_logs[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an ExportLogsServiceRequest message from the specified reader or buffer.
         * @function decode
         * @memberof otlp.ExportLogsServiceRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {otlp.ExportLogsServiceRequest & otlp.ExportLogsServiceRequest.$Shape} ExportLogsServiceRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ExportLogsServiceRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.otlp.ExportLogsServiceRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.resource_logs && message.resource_logs.length))
                            message.resource_logs = [];
                        message.resource_logs.push($root.otlp.ResourceLogs.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ExportLogsServiceRequest
         * @function getTypeUrl
         * @memberof otlp.ExportLogsServiceRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ExportLogsServiceRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/otlp.ExportLogsServiceRequest";
        };

        return ExportLogsServiceRequest;
    })();

    otlp.ExportLogsServiceResponse = (function() {

        /**
         * Properties of an ExportLogsServiceResponse.
         * @typedef {Object} otlp.ExportLogsServiceResponse.$Properties
         * @property {otlp.ExportLogsPartialSuccess.$Properties|null} [partial_success] ExportLogsServiceResponse partial_success
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an ExportLogsServiceResponse.
         * @memberof otlp
         * @interface IExportLogsServiceResponse
         * @augments otlp.ExportLogsServiceResponse.$Properties
         * @deprecated Use otlp.ExportLogsServiceResponse.$Properties instead.
         */

        /**
         * Shape of an ExportLogsServiceResponse.
         * @typedef {otlp.ExportLogsServiceResponse.$Properties} otlp.ExportLogsServiceResponse.$Shape
         */

        /**
         * Constructs a new ExportLogsServiceResponse.
         * @memberof otlp
         * @classdesc Represents an ExportLogsServiceResponse.
         * @constructor
         * @param {otlp.ExportLogsServiceResponse.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ExportLogsServiceResponse = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ExportLogsServiceResponse partial_success.
         * @member {otlp.ExportLogsPartialSuccess.$Properties|null|undefined} partial_success
         * @memberof otlp.ExportLogsServiceResponse
         * @instance
         */
        ExportLogsServiceResponse.prototype.partial_success = null;

        /**
         * Creates a new ExportLogsServiceResponse instance using the specified properties.
         * @function create
         * @memberof otlp.ExportLogsServiceResponse
         * @static
         * @param {otlp.ExportLogsServiceResponse.$Properties=} [properties] Properties to set
         * @returns {otlp.ExportLogsServiceResponse} ExportLogsServiceResponse instance
         * @type {{
         *   (properties: otlp.ExportLogsServiceResponse.$Shape): otlp.ExportLogsServiceResponse & otlp.ExportLogsServiceResponse.$Shape;
         *   (properties?: otlp.ExportLogsServiceResponse.$Properties): otlp.ExportLogsServiceResponse;
         * }}
         */
        ExportLogsServiceResponse.create = function(properties) {
            return new ExportLogsServiceResponse(properties);
        };

        /**
         * Encodes the specified ExportLogsServiceResponse message. Does not implicitly {@link otlp.ExportLogsServiceResponse.verify|verify} messages.
         * @function encode
         * @memberof otlp.ExportLogsServiceResponse
         * @static
         * @param {otlp.ExportLogsServiceResponse.$Properties} message ExportLogsServiceResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ExportLogsServiceResponse.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.partial_success != null && $Object.hasOwnProperty.call(message, "partial_success"))
                $root.otlp.ExportLogsPartialSuccess.encode(message.partial_success, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an ExportLogsServiceResponse message from the specified reader or buffer.
         * @function decode
         * @memberof otlp.ExportLogsServiceResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {otlp.ExportLogsServiceResponse & otlp.ExportLogsServiceResponse.$Shape} ExportLogsServiceResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ExportLogsServiceResponse.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.otlp.ExportLogsServiceResponse();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.partial_success = $root.otlp.ExportLogsPartialSuccess.decode(reader, reader.size(), $undefined, _depth + 1, message.partial_success);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ExportLogsServiceResponse
         * @function getTypeUrl
         * @memberof otlp.ExportLogsServiceResponse
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ExportLogsServiceResponse.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/otlp.ExportLogsServiceResponse";
        };

        return ExportLogsServiceResponse;
    })();

    otlp.ExportLogsPartialSuccess = (function() {

        /**
         * Properties of an ExportLogsPartialSuccess.
         * @typedef {Object} otlp.ExportLogsPartialSuccess.$Properties
         * @property {number|Long|null} [rejected_log_records] ExportLogsPartialSuccess rejected_log_records
         * @property {string|null} [error_message] ExportLogsPartialSuccess error_message
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an ExportLogsPartialSuccess.
         * @memberof otlp
         * @interface IExportLogsPartialSuccess
         * @augments otlp.ExportLogsPartialSuccess.$Properties
         * @deprecated Use otlp.ExportLogsPartialSuccess.$Properties instead.
         */

        /**
         * Shape of an ExportLogsPartialSuccess.
         * @typedef {otlp.ExportLogsPartialSuccess.$Properties} otlp.ExportLogsPartialSuccess.$Shape
         */

        /**
         * Constructs a new ExportLogsPartialSuccess.
         * @memberof otlp
         * @classdesc Represents an ExportLogsPartialSuccess.
         * @constructor
         * @param {otlp.ExportLogsPartialSuccess.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ExportLogsPartialSuccess = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ExportLogsPartialSuccess rejected_log_records.
         * @member {number|Long} rejected_log_records
         * @memberof otlp.ExportLogsPartialSuccess
         * @instance
         */
        ExportLogsPartialSuccess.prototype.rejected_log_records = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        /**
         * ExportLogsPartialSuccess error_message.
         * @member {string} error_message
         * @memberof otlp.ExportLogsPartialSuccess
         * @instance
         */
        ExportLogsPartialSuccess.prototype.error_message = "";

        /**
         * Creates a new ExportLogsPartialSuccess instance using the specified properties.
         * @function create
         * @memberof otlp.ExportLogsPartialSuccess
         * @static
         * @param {otlp.ExportLogsPartialSuccess.$Properties=} [properties] Properties to set
         * @returns {otlp.ExportLogsPartialSuccess} ExportLogsPartialSuccess instance
         * @type {{
         *   (properties: otlp.ExportLogsPartialSuccess.$Shape): otlp.ExportLogsPartialSuccess & otlp.ExportLogsPartialSuccess.$Shape;
         *   (properties?: otlp.ExportLogsPartialSuccess.$Properties): otlp.ExportLogsPartialSuccess;
         * }}
         */
        ExportLogsPartialSuccess.create = function(properties) {
            return new ExportLogsPartialSuccess(properties);
        };

        /**
         * Encodes the specified ExportLogsPartialSuccess message. Does not implicitly {@link otlp.ExportLogsPartialSuccess.verify|verify} messages.
         * @function encode
         * @memberof otlp.ExportLogsPartialSuccess
         * @static
         * @param {otlp.ExportLogsPartialSuccess.$Properties} message ExportLogsPartialSuccess message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ExportLogsPartialSuccess.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.rejected_log_records != null && $Object.hasOwnProperty.call(message, "rejected_log_records") && (typeof message.rejected_log_records === "object" ? message.rejected_log_records.low || message.rejected_log_records.high : message.rejected_log_records !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).int64(message.rejected_log_records);
            if (message.error_message != null && $Object.hasOwnProperty.call(message, "error_message") && message.error_message !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.error_message);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an ExportLogsPartialSuccess message from the specified reader or buffer.
         * @function decode
         * @memberof otlp.ExportLogsPartialSuccess
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {otlp.ExportLogsPartialSuccess & otlp.ExportLogsPartialSuccess.$Shape} ExportLogsPartialSuccess
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ExportLogsPartialSuccess.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.otlp.ExportLogsPartialSuccess();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                            message.rejected_log_records = value;
                        else
                            delete message.rejected_log_records;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.error_message = value;
                        else
                            delete message.error_message;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ExportLogsPartialSuccess
         * @function getTypeUrl
         * @memberof otlp.ExportLogsPartialSuccess
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ExportLogsPartialSuccess.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/otlp.ExportLogsPartialSuccess";
        };

        return ExportLogsPartialSuccess;
    })();

    otlp.ResourceLogs = (function() {

        /**
         * Properties of a ResourceLogs.
         * @typedef {Object} otlp.ResourceLogs.$Properties
         * @property {otlp.Resource.$Properties|null} [resource] ResourceLogs resource
         * @property {Array.<otlp.ScopeLogs.$Properties>|null} [scope_logs] ResourceLogs scope_logs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ResourceLogs.
         * @memberof otlp
         * @interface IResourceLogs
         * @augments otlp.ResourceLogs.$Properties
         * @deprecated Use otlp.ResourceLogs.$Properties instead.
         */

        /**
         * Shape of a ResourceLogs.
         * @typedef {{
         *   resource?: otlp.Resource.$Shape|null;
         *   scope_logs?: Array.<otlp.ScopeLogs.$Shape>|null;
         *   $unknowns?: Array.<Uint8Array>;
         * }} otlp.ResourceLogs.$Shape
         */

        /**
         * Constructs a new ResourceLogs.
         * @memberof otlp
         * @classdesc Represents a ResourceLogs.
         * @constructor
         * @param {otlp.ResourceLogs.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ResourceLogs = function (properties) {
            this.scope_logs = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ResourceLogs resource.
         * @member {otlp.Resource.$Properties|null|undefined} resource
         * @memberof otlp.ResourceLogs
         * @instance
         */
        ResourceLogs.prototype.resource = null;

        /**
         * ResourceLogs scope_logs.
         * @member {Array.<otlp.ScopeLogs.$Properties>} scope_logs
         * @memberof otlp.ResourceLogs
         * @instance
         */
        ResourceLogs.prototype.scope_logs = $util.emptyArray;

        /**
         * Creates a new ResourceLogs instance using the specified properties.
         * @function create
         * @memberof otlp.ResourceLogs
         * @static
         * @param {otlp.ResourceLogs.$Properties=} [properties] Properties to set
         * @returns {otlp.ResourceLogs} ResourceLogs instance
         * @type {{
         *   (properties: otlp.ResourceLogs.$Shape): otlp.ResourceLogs & otlp.ResourceLogs.$Shape;
         *   (properties?: otlp.ResourceLogs.$Properties): otlp.ResourceLogs;
         * }}
         */
        ResourceLogs.create = function(properties) {
            return new ResourceLogs(properties);
        };

        /**
         * Encodes the specified ResourceLogs message. Does not implicitly {@link otlp.ResourceLogs.verify|verify} messages.
         * @function encode
         * @memberof otlp.ResourceLogs
         * @static
         * @param {otlp.ResourceLogs.$Properties} message ResourceLogs message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ResourceLogs.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.resource != null && $Object.hasOwnProperty.call(message, "resource"))
                $root.otlp.Resource.encode(message.resource, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.scope_logs != null && message.scope_logs.length)
                for (let i = 0; i < message.scope_logs.length; ++i)
                    $root.otlp.ScopeLogs.encode(message.scope_logs[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ResourceLogs message from the specified reader or buffer.
         * @function decode
         * @memberof otlp.ResourceLogs
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {otlp.ResourceLogs & otlp.ResourceLogs.$Shape} ResourceLogs
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ResourceLogs.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.otlp.ResourceLogs();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.resource = $root.otlp.Resource.decode(reader, reader.size(), $undefined, _depth + 1, message.resource);
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.scope_logs && message.scope_logs.length))
                            message.scope_logs = [];
                        message.scope_logs.push($root.otlp.ScopeLogs.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ResourceLogs
         * @function getTypeUrl
         * @memberof otlp.ResourceLogs
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ResourceLogs.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/otlp.ResourceLogs";
        };

        return ResourceLogs;
    })();

    otlp.Resource = (function() {

        /**
         * Properties of a Resource.
         * @typedef {Object} otlp.Resource.$Properties
         * @property {Array.<otlp.KeyValue.$Properties>|null} [attributes] Resource attributes
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Resource.
         * @memberof otlp
         * @interface IResource
         * @augments otlp.Resource.$Properties
         * @deprecated Use otlp.Resource.$Properties instead.
         */

        /**
         * Shape of a Resource.
         * @typedef {{
         *   attributes?: Array.<otlp.KeyValue.$Shape>|null;
         *   $unknowns?: Array.<Uint8Array>;
         * }} otlp.Resource.$Shape
         */

        /**
         * Constructs a new Resource.
         * @memberof otlp
         * @classdesc Represents a Resource.
         * @constructor
         * @param {otlp.Resource.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Resource = function (properties) {
            this.attributes = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Resource attributes.
         * @member {Array.<otlp.KeyValue.$Properties>} attributes
         * @memberof otlp.Resource
         * @instance
         */
        Resource.prototype.attributes = $util.emptyArray;

        /**
         * Creates a new Resource instance using the specified properties.
         * @function create
         * @memberof otlp.Resource
         * @static
         * @param {otlp.Resource.$Properties=} [properties] Properties to set
         * @returns {otlp.Resource} Resource instance
         * @type {{
         *   (properties: otlp.Resource.$Shape): otlp.Resource & otlp.Resource.$Shape;
         *   (properties?: otlp.Resource.$Properties): otlp.Resource;
         * }}
         */
        Resource.create = function(properties) {
            return new Resource(properties);
        };

        /**
         * Encodes the specified Resource message. Does not implicitly {@link otlp.Resource.verify|verify} messages.
         * @function encode
         * @memberof otlp.Resource
         * @static
         * @param {otlp.Resource.$Properties} message Resource message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Resource.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.attributes != null && message.attributes.length)
                for (let i = 0; i < message.attributes.length; ++i)
                    $root.otlp.KeyValue.encode(message.attributes[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Resource message from the specified reader or buffer.
         * @function decode
         * @memberof otlp.Resource
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {otlp.Resource & otlp.Resource.$Shape} Resource
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Resource.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.otlp.Resource();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.attributes && message.attributes.length))
                            message.attributes = [];
                        message.attributes.push($root.otlp.KeyValue.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Resource
         * @function getTypeUrl
         * @memberof otlp.Resource
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Resource.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/otlp.Resource";
        };

        return Resource;
    })();

    otlp.ScopeLogs = (function() {

        /**
         * Properties of a ScopeLogs.
         * @typedef {Object} otlp.ScopeLogs.$Properties
         * @property {otlp.InstrumentationScope.$Properties|null} [scope] ScopeLogs scope
         * @property {Array.<otlp.LogRecord.$Properties>|null} [log_records] ScopeLogs log_records
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ScopeLogs.
         * @memberof otlp
         * @interface IScopeLogs
         * @augments otlp.ScopeLogs.$Properties
         * @deprecated Use otlp.ScopeLogs.$Properties instead.
         */

        /**
         * Shape of a ScopeLogs.
         * @typedef {{
         *   scope?: otlp.InstrumentationScope.$Shape|null;
         *   log_records?: Array.<otlp.LogRecord.$Shape>|null;
         *   $unknowns?: Array.<Uint8Array>;
         * }} otlp.ScopeLogs.$Shape
         */

        /**
         * Constructs a new ScopeLogs.
         * @memberof otlp
         * @classdesc Represents a ScopeLogs.
         * @constructor
         * @param {otlp.ScopeLogs.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ScopeLogs = function (properties) {
            this.log_records = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ScopeLogs scope.
         * @member {otlp.InstrumentationScope.$Properties|null|undefined} scope
         * @memberof otlp.ScopeLogs
         * @instance
         */
        ScopeLogs.prototype.scope = null;

        /**
         * ScopeLogs log_records.
         * @member {Array.<otlp.LogRecord.$Properties>} log_records
         * @memberof otlp.ScopeLogs
         * @instance
         */
        ScopeLogs.prototype.log_records = $util.emptyArray;

        /**
         * Creates a new ScopeLogs instance using the specified properties.
         * @function create
         * @memberof otlp.ScopeLogs
         * @static
         * @param {otlp.ScopeLogs.$Properties=} [properties] Properties to set
         * @returns {otlp.ScopeLogs} ScopeLogs instance
         * @type {{
         *   (properties: otlp.ScopeLogs.$Shape): otlp.ScopeLogs & otlp.ScopeLogs.$Shape;
         *   (properties?: otlp.ScopeLogs.$Properties): otlp.ScopeLogs;
         * }}
         */
        ScopeLogs.create = function(properties) {
            return new ScopeLogs(properties);
        };

        /**
         * Encodes the specified ScopeLogs message. Does not implicitly {@link otlp.ScopeLogs.verify|verify} messages.
         * @function encode
         * @memberof otlp.ScopeLogs
         * @static
         * @param {otlp.ScopeLogs.$Properties} message ScopeLogs message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ScopeLogs.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.scope != null && $Object.hasOwnProperty.call(message, "scope"))
                $root.otlp.InstrumentationScope.encode(message.scope, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.log_records != null && message.log_records.length)
                for (let i = 0; i < message.log_records.length; ++i)
                    $root.otlp.LogRecord.encode(message.log_records[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ScopeLogs message from the specified reader or buffer.
         * @function decode
         * @memberof otlp.ScopeLogs
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {otlp.ScopeLogs & otlp.ScopeLogs.$Shape} ScopeLogs
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ScopeLogs.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.otlp.ScopeLogs();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.scope = $root.otlp.InstrumentationScope.decode(reader, reader.size(), $undefined, _depth + 1, message.scope);
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.log_records && message.log_records.length))
                            message.log_records = [];
                        message.log_records.push($root.otlp.LogRecord.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ScopeLogs
         * @function getTypeUrl
         * @memberof otlp.ScopeLogs
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ScopeLogs.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/otlp.ScopeLogs";
        };

        return ScopeLogs;
    })();

    otlp.InstrumentationScope = (function() {

        /**
         * Properties of an InstrumentationScope.
         * @typedef {Object} otlp.InstrumentationScope.$Properties
         * @property {string|null} [name] InstrumentationScope name
         * @property {string|null} [version] InstrumentationScope version
         * @property {Array.<otlp.KeyValue.$Properties>|null} [attributes] InstrumentationScope attributes
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an InstrumentationScope.
         * @memberof otlp
         * @interface IInstrumentationScope
         * @augments otlp.InstrumentationScope.$Properties
         * @deprecated Use otlp.InstrumentationScope.$Properties instead.
         */

        /**
         * Shape of an InstrumentationScope.
         * @typedef {{
         *   name?: string|null;
         *   version?: string|null;
         *   attributes?: Array.<otlp.KeyValue.$Shape>|null;
         *   $unknowns?: Array.<Uint8Array>;
         * }} otlp.InstrumentationScope.$Shape
         */

        /**
         * Constructs a new InstrumentationScope.
         * @memberof otlp
         * @classdesc Represents an InstrumentationScope.
         * @constructor
         * @param {otlp.InstrumentationScope.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const InstrumentationScope = function (properties) {
            this.attributes = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * InstrumentationScope name.
         * @member {string} name
         * @memberof otlp.InstrumentationScope
         * @instance
         */
        InstrumentationScope.prototype.name = "";

        /**
         * InstrumentationScope version.
         * @member {string} version
         * @memberof otlp.InstrumentationScope
         * @instance
         */
        InstrumentationScope.prototype.version = "";

        /**
         * InstrumentationScope attributes.
         * @member {Array.<otlp.KeyValue.$Properties>} attributes
         * @memberof otlp.InstrumentationScope
         * @instance
         */
        InstrumentationScope.prototype.attributes = $util.emptyArray;

        /**
         * Creates a new InstrumentationScope instance using the specified properties.
         * @function create
         * @memberof otlp.InstrumentationScope
         * @static
         * @param {otlp.InstrumentationScope.$Properties=} [properties] Properties to set
         * @returns {otlp.InstrumentationScope} InstrumentationScope instance
         * @type {{
         *   (properties: otlp.InstrumentationScope.$Shape): otlp.InstrumentationScope & otlp.InstrumentationScope.$Shape;
         *   (properties?: otlp.InstrumentationScope.$Properties): otlp.InstrumentationScope;
         * }}
         */
        InstrumentationScope.create = function(properties) {
            return new InstrumentationScope(properties);
        };

        /**
         * Encodes the specified InstrumentationScope message. Does not implicitly {@link otlp.InstrumentationScope.verify|verify} messages.
         * @function encode
         * @memberof otlp.InstrumentationScope
         * @static
         * @param {otlp.InstrumentationScope.$Properties} message InstrumentationScope message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        InstrumentationScope.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
            if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.version);
            if (message.attributes != null && message.attributes.length)
                for (let i = 0; i < message.attributes.length; ++i)
                    $root.otlp.KeyValue.encode(message.attributes[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an InstrumentationScope message from the specified reader or buffer.
         * @function decode
         * @memberof otlp.InstrumentationScope
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {otlp.InstrumentationScope & otlp.InstrumentationScope.$Shape} InstrumentationScope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        InstrumentationScope.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.otlp.InstrumentationScope();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.name = value;
                        else
                            delete message.name;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.version = value;
                        else
                            delete message.version;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.attributes && message.attributes.length))
                            message.attributes = [];
                        message.attributes.push($root.otlp.KeyValue.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for InstrumentationScope
         * @function getTypeUrl
         * @memberof otlp.InstrumentationScope
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        InstrumentationScope.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/otlp.InstrumentationScope";
        };

        return InstrumentationScope;
    })();

    otlp.LogRecord = (function() {

        /**
         * Properties of a LogRecord.
         * @typedef {Object} otlp.LogRecord.$Properties
         * @property {number|Long|null} [time_unix_nano] LogRecord time_unix_nano
         * @property {number|Long|null} [observed_time_unix_nano] LogRecord observed_time_unix_nano
         * @property {number|null} [severity_number] LogRecord severity_number
         * @property {string|null} [severity_text] LogRecord severity_text
         * @property {otlp.AnyValue.$Properties|null} [body] LogRecord body
         * @property {Array.<otlp.KeyValue.$Properties>|null} [attributes] LogRecord attributes
         * @property {Uint8Array|null} [trace_id] LogRecord trace_id
         * @property {Uint8Array|null} [span_id] LogRecord span_id
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a LogRecord.
         * @memberof otlp
         * @interface ILogRecord
         * @augments otlp.LogRecord.$Properties
         * @deprecated Use otlp.LogRecord.$Properties instead.
         */

        /**
         * Shape of a LogRecord.
         * @typedef {{
         *   time_unix_nano?: number|Long|null;
         *   observed_time_unix_nano?: number|Long|null;
         *   severity_number?: number|null;
         *   severity_text?: string|null;
         *   body?: otlp.AnyValue.$Shape|null;
         *   attributes?: Array.<otlp.KeyValue.$Shape>|null;
         *   trace_id?: Uint8Array|null;
         *   span_id?: Uint8Array|null;
         *   $unknowns?: Array.<Uint8Array>;
         * }} otlp.LogRecord.$Shape
         */

        /**
         * Constructs a new LogRecord.
         * @memberof otlp
         * @classdesc Represents a LogRecord.
         * @constructor
         * @param {otlp.LogRecord.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const LogRecord = function (properties) {
            this.attributes = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * LogRecord time_unix_nano.
         * @member {number|Long} time_unix_nano
         * @memberof otlp.LogRecord
         * @instance
         */
        LogRecord.prototype.time_unix_nano = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * LogRecord observed_time_unix_nano.
         * @member {number|Long} observed_time_unix_nano
         * @memberof otlp.LogRecord
         * @instance
         */
        LogRecord.prototype.observed_time_unix_nano = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * LogRecord severity_number.
         * @member {number} severity_number
         * @memberof otlp.LogRecord
         * @instance
         */
        LogRecord.prototype.severity_number = 0;

        /**
         * LogRecord severity_text.
         * @member {string} severity_text
         * @memberof otlp.LogRecord
         * @instance
         */
        LogRecord.prototype.severity_text = "";

        /**
         * LogRecord body.
         * @member {otlp.AnyValue.$Properties|null|undefined} body
         * @memberof otlp.LogRecord
         * @instance
         */
        LogRecord.prototype.body = null;

        /**
         * LogRecord attributes.
         * @member {Array.<otlp.KeyValue.$Properties>} attributes
         * @memberof otlp.LogRecord
         * @instance
         */
        LogRecord.prototype.attributes = $util.emptyArray;

        /**
         * LogRecord trace_id.
         * @member {Uint8Array} trace_id
         * @memberof otlp.LogRecord
         * @instance
         */
        LogRecord.prototype.trace_id = $util.newBuffer([]);

        /**
         * LogRecord span_id.
         * @member {Uint8Array} span_id
         * @memberof otlp.LogRecord
         * @instance
         */
        LogRecord.prototype.span_id = $util.newBuffer([]);

        /**
         * Creates a new LogRecord instance using the specified properties.
         * @function create
         * @memberof otlp.LogRecord
         * @static
         * @param {otlp.LogRecord.$Properties=} [properties] Properties to set
         * @returns {otlp.LogRecord} LogRecord instance
         * @type {{
         *   (properties: otlp.LogRecord.$Shape): otlp.LogRecord & otlp.LogRecord.$Shape;
         *   (properties?: otlp.LogRecord.$Properties): otlp.LogRecord;
         * }}
         */
        LogRecord.create = function(properties) {
            return new LogRecord(properties);
        };

        /**
         * Encodes the specified LogRecord message. Does not implicitly {@link otlp.LogRecord.verify|verify} messages.
         * @function encode
         * @memberof otlp.LogRecord
         * @static
         * @param {otlp.LogRecord.$Properties} message LogRecord message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LogRecord.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.time_unix_nano != null && $Object.hasOwnProperty.call(message, "time_unix_nano") && (typeof message.time_unix_nano === "object" ? message.time_unix_nano.low || message.time_unix_nano.high : message.time_unix_nano !== 0))
                writer.uint32(/* id 1, wireType 1 =*/9).fixed64(message.time_unix_nano);
            if (message.severity_number != null && $Object.hasOwnProperty.call(message, "severity_number") && message.severity_number !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.severity_number);
            if (message.severity_text != null && $Object.hasOwnProperty.call(message, "severity_text") && message.severity_text !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.severity_text);
            if (message.body != null && $Object.hasOwnProperty.call(message, "body"))
                $root.otlp.AnyValue.encode(message.body, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.attributes != null && message.attributes.length)
                for (let i = 0; i < message.attributes.length; ++i)
                    $root.otlp.KeyValue.encode(message.attributes[i], writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
            if (message.trace_id != null && $Object.hasOwnProperty.call(message, "trace_id") && message.trace_id.length)
                writer.uint32(/* id 9, wireType 2 =*/74).bytes(message.trace_id);
            if (message.span_id != null && $Object.hasOwnProperty.call(message, "span_id") && message.span_id.length)
                writer.uint32(/* id 10, wireType 2 =*/82).bytes(message.span_id);
            if (message.observed_time_unix_nano != null && $Object.hasOwnProperty.call(message, "observed_time_unix_nano") && (typeof message.observed_time_unix_nano === "object" ? message.observed_time_unix_nano.low || message.observed_time_unix_nano.high : message.observed_time_unix_nano !== 0))
                writer.uint32(/* id 11, wireType 1 =*/89).fixed64(message.observed_time_unix_nano);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a LogRecord message from the specified reader or buffer.
         * @function decode
         * @memberof otlp.LogRecord
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {otlp.LogRecord & otlp.LogRecord.$Shape} LogRecord
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LogRecord.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.otlp.LogRecord();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 1)
                            break;
                        if (typeof (value = reader.fixed64()) === "object" ? value.low || value.high : value !== 0)
                            message.time_unix_nano = value;
                        else
                            delete message.time_unix_nano;
                        continue;
                    }
                case 11: {
                        if (wireType !== 1)
                            break;
                        if (typeof (value = reader.fixed64()) === "object" ? value.low || value.high : value !== 0)
                            message.observed_time_unix_nano = value;
                        else
                            delete message.observed_time_unix_nano;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.severity_number = value;
                        else
                            delete message.severity_number;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.severity_text = value;
                        else
                            delete message.severity_text;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        message.body = $root.otlp.AnyValue.decode(reader, reader.size(), $undefined, _depth + 1, message.body);
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (!(message.attributes && message.attributes.length))
                            message.attributes = [];
                        message.attributes.push($root.otlp.KeyValue.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.trace_id = value;
                        else
                            delete message.trace_id;
                        continue;
                    }
                case 10: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.span_id = value;
                        else
                            delete message.span_id;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for LogRecord
         * @function getTypeUrl
         * @memberof otlp.LogRecord
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        LogRecord.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/otlp.LogRecord";
        };

        return LogRecord;
    })();

    otlp.AnyValue = (function() {

        /**
         * Properties of an AnyValue.
         * @typedef {Object} otlp.AnyValue.$Properties
         * @property {string|null} [string_value] AnyValue string_value
         * @property {boolean|null} [bool_value] AnyValue bool_value
         * @property {number|Long|null} [int_value] AnyValue int_value
         * @property {number|null} [double_value] AnyValue double_value
         * @property {otlp.ArrayValue.$Properties|null} [array_value] AnyValue array_value
         * @property {otlp.KeyValueList.$Properties|null} [kvlist_value] AnyValue kvlist_value
         * @property {Uint8Array|null} [bytes_value] AnyValue bytes_value
         * @property {"string_value"|"bool_value"|"int_value"|"double_value"|"array_value"|"kvlist_value"|"bytes_value"} [value] AnyValue value
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AnyValue.
         * @memberof otlp
         * @interface IAnyValue
         * @augments otlp.AnyValue.$Properties
         * @deprecated Use otlp.AnyValue.$Properties instead.
         */

        /**
         * Narrowed shape of an AnyValue.
         * @typedef {{
         *   string_value?: string|null;
         *   bool_value?: boolean|null;
         *   int_value?: number|Long|null;
         *   double_value?: number|null;
         *   array_value?: otlp.ArrayValue.$Shape|null;
         *   kvlist_value?: otlp.KeyValueList.$Shape|null;
         *   bytes_value?: Uint8Array|null;
         *   $unknowns?: Array.<Uint8Array>;
         * } & (
         *   ({ value?: undefined; string_value?: null; bool_value?: null; int_value?: null; double_value?: null; array_value?: null; kvlist_value?: null; bytes_value?: null }|{ value?: "string_value"; string_value: string; bool_value?: null; int_value?: null; double_value?: null; array_value?: null; kvlist_value?: null; bytes_value?: null }|{ value?: "bool_value"; string_value?: null; bool_value: boolean; int_value?: null; double_value?: null; array_value?: null; kvlist_value?: null; bytes_value?: null }|{ value?: "int_value"; string_value?: null; bool_value?: null; int_value: number|Long; double_value?: null; array_value?: null; kvlist_value?: null; bytes_value?: null }|{ value?: "double_value"; string_value?: null; bool_value?: null; int_value?: null; double_value: number; array_value?: null; kvlist_value?: null; bytes_value?: null }|{ value?: "array_value"; string_value?: null; bool_value?: null; int_value?: null; double_value?: null; array_value: otlp.ArrayValue.$Shape; kvlist_value?: null; bytes_value?: null }|{ value?: "kvlist_value"; string_value?: null; bool_value?: null; int_value?: null; double_value?: null; array_value?: null; kvlist_value: otlp.KeyValueList.$Shape; bytes_value?: null }|{ value?: "bytes_value"; string_value?: null; bool_value?: null; int_value?: null; double_value?: null; array_value?: null; kvlist_value?: null; bytes_value: Uint8Array })
         * )} otlp.AnyValue.$Shape
         */

        /**
         * Constructs a new AnyValue.
         * @memberof otlp
         * @classdesc Represents an AnyValue.
         * @constructor
         * @param {otlp.AnyValue.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AnyValue = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AnyValue string_value.
         * @member {string|null|undefined} string_value
         * @memberof otlp.AnyValue
         * @instance
         */
        AnyValue.prototype.string_value = null;

        /**
         * AnyValue bool_value.
         * @member {boolean|null|undefined} bool_value
         * @memberof otlp.AnyValue
         * @instance
         */
        AnyValue.prototype.bool_value = null;

        /**
         * AnyValue int_value.
         * @member {number|Long|null|undefined} int_value
         * @memberof otlp.AnyValue
         * @instance
         */
        AnyValue.prototype.int_value = null;

        /**
         * AnyValue double_value.
         * @member {number|null|undefined} double_value
         * @memberof otlp.AnyValue
         * @instance
         */
        AnyValue.prototype.double_value = null;

        /**
         * AnyValue array_value.
         * @member {otlp.ArrayValue.$Properties|null|undefined} array_value
         * @memberof otlp.AnyValue
         * @instance
         */
        AnyValue.prototype.array_value = null;

        /**
         * AnyValue kvlist_value.
         * @member {otlp.KeyValueList.$Properties|null|undefined} kvlist_value
         * @memberof otlp.AnyValue
         * @instance
         */
        AnyValue.prototype.kvlist_value = null;

        /**
         * AnyValue bytes_value.
         * @member {Uint8Array|null|undefined} bytes_value
         * @memberof otlp.AnyValue
         * @instance
         */
        AnyValue.prototype.bytes_value = null;

        // OneOf field names bound to virtual getters and setters
        let $oneOfFields;

        /**
         * AnyValue value.
         * @member {"string_value"|"bool_value"|"int_value"|"double_value"|"array_value"|"kvlist_value"|"bytes_value"|undefined} value
         * @memberof otlp.AnyValue
         * @instance
         */
        $Object.defineProperty(AnyValue.prototype, "value", {
            get: $util.oneOfGetter($oneOfFields = ["string_value", "bool_value", "int_value", "double_value", "array_value", "kvlist_value", "bytes_value"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        /**
         * Creates a new AnyValue instance using the specified properties.
         * @function create
         * @memberof otlp.AnyValue
         * @static
         * @param {otlp.AnyValue.$Properties=} [properties] Properties to set
         * @returns {otlp.AnyValue} AnyValue instance
         * @type {{
         *   (properties: otlp.AnyValue.$Shape): otlp.AnyValue & otlp.AnyValue.$Shape;
         *   (properties?: otlp.AnyValue.$Properties): otlp.AnyValue;
         * }}
         */
        AnyValue.create = function(properties) {
            return new AnyValue(properties);
        };

        /**
         * Encodes the specified AnyValue message. Does not implicitly {@link otlp.AnyValue.verify|verify} messages.
         * @function encode
         * @memberof otlp.AnyValue
         * @static
         * @param {otlp.AnyValue.$Properties} message AnyValue message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AnyValue.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.string_value != null && $Object.hasOwnProperty.call(message, "string_value"))
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.string_value);
            if (message.bool_value != null && $Object.hasOwnProperty.call(message, "bool_value"))
                writer.uint32(/* id 2, wireType 0 =*/16).bool(message.bool_value);
            if (message.int_value != null && $Object.hasOwnProperty.call(message, "int_value"))
                writer.uint32(/* id 3, wireType 0 =*/24).int64(message.int_value);
            if (message.double_value != null && $Object.hasOwnProperty.call(message, "double_value"))
                writer.uint32(/* id 4, wireType 1 =*/33).double(message.double_value);
            if (message.array_value != null && $Object.hasOwnProperty.call(message, "array_value"))
                $root.otlp.ArrayValue.encode(message.array_value, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.kvlist_value != null && $Object.hasOwnProperty.call(message, "kvlist_value"))
                $root.otlp.KeyValueList.encode(message.kvlist_value, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
            if (message.bytes_value != null && $Object.hasOwnProperty.call(message, "bytes_value"))
                writer.uint32(/* id 7, wireType 2 =*/58).bytes(message.bytes_value);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AnyValue message from the specified reader or buffer.
         * @function decode
         * @memberof otlp.AnyValue
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {otlp.AnyValue & otlp.AnyValue.$Shape} AnyValue
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AnyValue.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.otlp.AnyValue();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.string_value = reader.stringVerify();
                        message.value = "string_value";
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.bool_value = reader.bool();
                        message.value = "bool_value";
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        message.int_value = reader.int64();
                        message.value = "int_value";
                        continue;
                    }
                case 4: {
                        if (wireType !== 1)
                            break;
                        message.double_value = reader.double();
                        message.value = "double_value";
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        message.array_value = $root.otlp.ArrayValue.decode(reader, reader.size(), $undefined, _depth + 1, message.array_value);
                        message.value = "array_value";
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        message.kvlist_value = $root.otlp.KeyValueList.decode(reader, reader.size(), $undefined, _depth + 1, message.kvlist_value);
                        message.value = "kvlist_value";
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        message.bytes_value = reader.bytes();
                        message.value = "bytes_value";
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for AnyValue
         * @function getTypeUrl
         * @memberof otlp.AnyValue
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        AnyValue.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/otlp.AnyValue";
        };

        return AnyValue;
    })();

    otlp.ArrayValue = (function() {

        /**
         * Properties of an ArrayValue.
         * @typedef {Object} otlp.ArrayValue.$Properties
         * @property {Array.<otlp.AnyValue.$Properties>|null} [values] ArrayValue values
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an ArrayValue.
         * @memberof otlp
         * @interface IArrayValue
         * @augments otlp.ArrayValue.$Properties
         * @deprecated Use otlp.ArrayValue.$Properties instead.
         */

        /**
         * Shape of an ArrayValue.
         * @typedef {{
         *   values?: Array.<otlp.AnyValue.$Shape>|null;
         *   $unknowns?: Array.<Uint8Array>;
         * }} otlp.ArrayValue.$Shape
         */

        /**
         * Constructs a new ArrayValue.
         * @memberof otlp
         * @classdesc Represents an ArrayValue.
         * @constructor
         * @param {otlp.ArrayValue.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ArrayValue = function (properties) {
            this.values = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ArrayValue values.
         * @member {Array.<otlp.AnyValue.$Properties>} values
         * @memberof otlp.ArrayValue
         * @instance
         */
        ArrayValue.prototype.values = $util.emptyArray;

        /**
         * Creates a new ArrayValue instance using the specified properties.
         * @function create
         * @memberof otlp.ArrayValue
         * @static
         * @param {otlp.ArrayValue.$Properties=} [properties] Properties to set
         * @returns {otlp.ArrayValue} ArrayValue instance
         * @type {{
         *   (properties: otlp.ArrayValue.$Shape): otlp.ArrayValue & otlp.ArrayValue.$Shape;
         *   (properties?: otlp.ArrayValue.$Properties): otlp.ArrayValue;
         * }}
         */
        ArrayValue.create = function(properties) {
            return new ArrayValue(properties);
        };

        /**
         * Encodes the specified ArrayValue message. Does not implicitly {@link otlp.ArrayValue.verify|verify} messages.
         * @function encode
         * @memberof otlp.ArrayValue
         * @static
         * @param {otlp.ArrayValue.$Properties} message ArrayValue message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ArrayValue.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.values != null && message.values.length)
                for (let i = 0; i < message.values.length; ++i)
                    $root.otlp.AnyValue.encode(message.values[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an ArrayValue message from the specified reader or buffer.
         * @function decode
         * @memberof otlp.ArrayValue
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {otlp.ArrayValue & otlp.ArrayValue.$Shape} ArrayValue
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ArrayValue.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.otlp.ArrayValue();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.values && message.values.length))
                            message.values = [];
                        message.values.push($root.otlp.AnyValue.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ArrayValue
         * @function getTypeUrl
         * @memberof otlp.ArrayValue
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ArrayValue.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/otlp.ArrayValue";
        };

        return ArrayValue;
    })();

    otlp.KeyValueList = (function() {

        /**
         * Properties of a KeyValueList.
         * @typedef {Object} otlp.KeyValueList.$Properties
         * @property {Array.<otlp.KeyValue.$Properties>|null} [values] KeyValueList values
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a KeyValueList.
         * @memberof otlp
         * @interface IKeyValueList
         * @augments otlp.KeyValueList.$Properties
         * @deprecated Use otlp.KeyValueList.$Properties instead.
         */

        /**
         * Shape of a KeyValueList.
         * @typedef {{
         *   values?: Array.<otlp.KeyValue.$Shape>|null;
         *   $unknowns?: Array.<Uint8Array>;
         * }} otlp.KeyValueList.$Shape
         */

        /**
         * Constructs a new KeyValueList.
         * @memberof otlp
         * @classdesc Represents a KeyValueList.
         * @constructor
         * @param {otlp.KeyValueList.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const KeyValueList = function (properties) {
            this.values = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * KeyValueList values.
         * @member {Array.<otlp.KeyValue.$Properties>} values
         * @memberof otlp.KeyValueList
         * @instance
         */
        KeyValueList.prototype.values = $util.emptyArray;

        /**
         * Creates a new KeyValueList instance using the specified properties.
         * @function create
         * @memberof otlp.KeyValueList
         * @static
         * @param {otlp.KeyValueList.$Properties=} [properties] Properties to set
         * @returns {otlp.KeyValueList} KeyValueList instance
         * @type {{
         *   (properties: otlp.KeyValueList.$Shape): otlp.KeyValueList & otlp.KeyValueList.$Shape;
         *   (properties?: otlp.KeyValueList.$Properties): otlp.KeyValueList;
         * }}
         */
        KeyValueList.create = function(properties) {
            return new KeyValueList(properties);
        };

        /**
         * Encodes the specified KeyValueList message. Does not implicitly {@link otlp.KeyValueList.verify|verify} messages.
         * @function encode
         * @memberof otlp.KeyValueList
         * @static
         * @param {otlp.KeyValueList.$Properties} message KeyValueList message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        KeyValueList.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.values != null && message.values.length)
                for (let i = 0; i < message.values.length; ++i)
                    $root.otlp.KeyValue.encode(message.values[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a KeyValueList message from the specified reader or buffer.
         * @function decode
         * @memberof otlp.KeyValueList
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {otlp.KeyValueList & otlp.KeyValueList.$Shape} KeyValueList
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        KeyValueList.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.otlp.KeyValueList();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.values && message.values.length))
                            message.values = [];
                        message.values.push($root.otlp.KeyValue.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for KeyValueList
         * @function getTypeUrl
         * @memberof otlp.KeyValueList
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        KeyValueList.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/otlp.KeyValueList";
        };

        return KeyValueList;
    })();

    otlp.KeyValue = (function() {

        /**
         * Properties of a KeyValue.
         * @typedef {Object} otlp.KeyValue.$Properties
         * @property {string|null} [key] KeyValue key
         * @property {otlp.AnyValue.$Properties|null} [value] KeyValue value
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a KeyValue.
         * @memberof otlp
         * @interface IKeyValue
         * @augments otlp.KeyValue.$Properties
         * @deprecated Use otlp.KeyValue.$Properties instead.
         */

        /**
         * Shape of a KeyValue.
         * @typedef {{
         *   key?: string|null;
         *   value?: otlp.AnyValue.$Shape|null;
         *   $unknowns?: Array.<Uint8Array>;
         * }} otlp.KeyValue.$Shape
         */

        /**
         * Constructs a new KeyValue.
         * @memberof otlp
         * @classdesc Represents a KeyValue.
         * @constructor
         * @param {otlp.KeyValue.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const KeyValue = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * KeyValue key.
         * @member {string} key
         * @memberof otlp.KeyValue
         * @instance
         */
        KeyValue.prototype.key = "";

        /**
         * KeyValue value.
         * @member {otlp.AnyValue.$Properties|null|undefined} value
         * @memberof otlp.KeyValue
         * @instance
         */
        KeyValue.prototype.value = null;

        /**
         * Creates a new KeyValue instance using the specified properties.
         * @function create
         * @memberof otlp.KeyValue
         * @static
         * @param {otlp.KeyValue.$Properties=} [properties] Properties to set
         * @returns {otlp.KeyValue} KeyValue instance
         * @type {{
         *   (properties: otlp.KeyValue.$Shape): otlp.KeyValue & otlp.KeyValue.$Shape;
         *   (properties?: otlp.KeyValue.$Properties): otlp.KeyValue;
         * }}
         */
        KeyValue.create = function(properties) {
            return new KeyValue(properties);
        };

        /**
         * Encodes the specified KeyValue message. Does not implicitly {@link otlp.KeyValue.verify|verify} messages.
         * @function encode
         * @memberof otlp.KeyValue
         * @static
         * @param {otlp.KeyValue.$Properties} message KeyValue message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        KeyValue.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.key != null && $Object.hasOwnProperty.call(message, "key") && message.key !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.key);
            if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                $root.otlp.AnyValue.encode(message.value, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a KeyValue message from the specified reader or buffer.
         * @function decode
         * @memberof otlp.KeyValue
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {otlp.KeyValue & otlp.KeyValue.$Shape} KeyValue
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        KeyValue.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.otlp.KeyValue();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.key = value;
                        else
                            delete message.key;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        message.value = $root.otlp.AnyValue.decode(reader, reader.size(), $undefined, _depth + 1, message.value);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for KeyValue
         * @function getTypeUrl
         * @memberof otlp.KeyValue
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        KeyValue.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/otlp.KeyValue";
        };

        return KeyValue;
    })();

    return otlp;
})();

export {
  $root as default
};
