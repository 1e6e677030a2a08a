-- Gantry's transformation runtime: the helpers every generated transformation script starts with.
-- Runs on Envoy's LuaJIT (Lua 5.1): no Lua 5.3 operators, no libraries beyond string, table and math.
local G = {}

G.ARRAY = {}

function G.state(handle, ignore_error_on_parse)
  return {handle = handle, ignore = ignore_error_on_parse}
end

function G.header(handle, name)
  return handle:headers():get(name) or ""
end

-- the whole body as text ("" without one); reading it makes Envoy buffer the body
function G.body(state)
  if state.body == nil then
    local buffer = state.handle:body(true)
    if buffer == nil or buffer:length() == 0 then
      state.body = ""
    else
      state.body = buffer:getBytes(0, buffer:length())
    end
  end
  return state.body
end

-- ---- JSON (decoding the body, encoding a value that is an object or array)

local function json_error(s, i, what)
  error({json = what .. " at byte " .. i}, 0)
end

local function skip(s, i)
  local _, e = string.find(s, "^[ \n\r\t]*", i)
  return e + 1
end

local function utf8_char(code)
  if code < 0x80 then
    return string.char(code)
  elseif code < 0x800 then
    return string.char(0xC0 + math.floor(code / 0x40), 0x80 + code % 0x40)
  elseif code < 0x10000 then
    return string.char(0xE0 + math.floor(code / 0x1000), 0x80 + math.floor(code / 0x40) % 0x40, 0x80 + code % 0x40)
  end
  return string.char(0xF0 + math.floor(code / 0x40000), 0x80 + math.floor(code / 0x1000) % 0x40,
    0x80 + math.floor(code / 0x40) % 0x40, 0x80 + code % 0x40)
end

local ESCAPES = {['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t'}

local function decode_string(s, i)
  local out = {}
  local j = i + 1
  while true do
    local c = string.sub(s, j, j)
    if c == "" then json_error(s, i, "an unterminated string") end
    if c == '"' then return table.concat(out), j + 1 end
    if c == "\\" then
      local e = string.sub(s, j + 1, j + 1)
      if e == "u" then
        local hex = string.sub(s, j + 2, j + 5)
        if not string.find(hex, "^%x%x%x%x$") then json_error(s, j, "a bad \\u escape") end
        local code = tonumber(hex, 16)
        j = j + 6
        if code >= 0xD800 and code < 0xDC00 and string.sub(s, j, j + 1) == "\\u" then
          local low = tonumber(string.sub(s, j + 2, j + 5), 16)
          if low and low >= 0xDC00 and low < 0xE000 then
            code = 0x10000 + (code - 0xD800) * 0x400 + (low - 0xDC00)
            j = j + 6
          end
        end
        out[#out + 1] = utf8_char(code)
      elseif ESCAPES[e] then
        out[#out + 1] = ESCAPES[e]
        j = j + 2
      else
        json_error(s, j, "a bad escape")
      end
    else
      out[#out + 1] = c
      j = j + 1
    end
  end
end

local decode_value

local function decode_container(s, i, close, read_member)
  local result = {}
  local j = skip(s, i + 1)
  if string.sub(s, j, j) == close then return result, j + 1 end
  while true do
    j = read_member(result, j)
    j = skip(s, j)
    local c = string.sub(s, j, j)
    if c == close then return result, j + 1 end
    if c ~= "," then json_error(s, j, "',' or '" .. close .. "' expected") end
    j = skip(s, j + 1)
  end
end

decode_value = function(s, i)
  i = skip(s, i)
  local c = string.sub(s, i, i)
  if c == "{" then
    return decode_container(s, i, "}", function(object, j)
      if string.sub(s, j, j) ~= '"' then json_error(s, j, "a key expected") end
      local key
      key, j = decode_string(s, j)
      j = skip(s, j)
      if string.sub(s, j, j) ~= ":" then json_error(s, j, "':' expected") end
      object[key], j = decode_value(s, j + 1)
      return j
    end)
  elseif c == "[" then
    local array, j = decode_container(s, i, "]", function(array, j)
      local value
      value, j = decode_value(s, j)
      array[#array + 1] = value
      return j
    end)
    return setmetatable(array, G.ARRAY), j
  elseif c == '"' then
    return decode_string(s, i)
  end
  local literal = string.match(s, "^%-?%d+%.?%d*[eE]?[%+%-]?%d*", i)
  if literal and tonumber(literal) then
    return tonumber(literal), i + #literal
  end
  for word, value in pairs({["true"] = true, ["false"] = false, ["null"] = G.NULL}) do
    if string.sub(s, i, i + #word - 1) == word then return value, i + #word end
  end
  json_error(s, i, "a value expected")
end

G.NULL = setmetatable({}, {__tostring = function() return "null" end})

-- the body parsed as JSON; false (and the reason) when it is not JSON
function G.parse(state)
  if state.json == nil then
    local ok, value = pcall(function()
      local text = G.body(state)
      local v, j = decode_value(text, 1)
      if skip(text, j) <= #text then json_error(text, j, "text after the value") end
      return v
    end)
    if ok then
      state.json = value
    else
      state.json = false
      state.json_error = type(value) == "table" and value.json or tostring(value)
    end
  end
  return state.json ~= false or state.ignore, state.json_error
end

local function encode_string(s)
  return '"' .. string.gsub(s, '[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end) .. '"'
end

function G.encode(v)
  local t = type(v)
  if v == G.NULL then return "null" end
  if t == "string" then return encode_string(v) end
  if t == "number" or t == "boolean" then return G.text(v) end
  if getmetatable(v) == G.ARRAY then
    local parts = {}
    for i = 1, #v do parts[i] = G.encode(v[i]) end
    return "[" .. table.concat(parts, ",") .. "]"
  end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for i, k in ipairs(keys) do parts[i] = encode_string(k) .. ":" .. G.encode(v[k]) end
  return "{" .. table.concat(parts, ",") .. "}"
end

-- a value as template text: strings as they are, numbers without a needless ".0", objects and arrays as JSON
function G.text(v)
  if v == nil or v == G.NULL then return "" end
  local t = type(v)
  if t == "string" then return v end
  if t == "boolean" then return v and "true" or "false" end
  if t == "number" then
    if v == math.floor(v) and math.abs(v) < 2^53 then return string.format("%d", v) end
    return tostring(v)
  end
  return G.encode(v)
end

-- the value at path (keys, and 0-based indexes) of the parsed body, as text
function G.field(state, path)
  local v = state.json
  if not v then return "" end
  for _, step in ipairs(path) do
    if type(v) ~= "table" or v == G.NULL then return "" end
    if type(step) == "number" then
      if getmetatable(v) ~= G.ARRAY then return "" end
      v = v[step + 1]
    else
      if getmetatable(v) == G.ARRAY then return "" end
      v = v[step]
    end
  end
  return G.text(v)
end

-- ---- extraction

-- capture group of an anchored pattern matched against text ("" when it does not match)
function G.extract(text, pattern, group)
  local found = {string.find(text, pattern)}
  if found[1] == nil then return "" end
  if group == 0 then return string.sub(text, found[1], found[2]) end
  local value = found[group + 2]
  if type(value) ~= "string" then return "" end
  return value
end

local function url_decode(s)
  s = string.gsub(s, "+", " ")
  return (string.gsub(s, "%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end))
end

-- the first value of a query parameter, decoded ("" without one)
function G.query(handle, name)
  local path = handle:headers():get(":path") or ""
  local query = string.match(path, "%?([^#]*)")
  if query == nil then return "" end
  for pair in string.gmatch(query, "[^&]+") do
    local key, value = string.match(pair, "^([^=]*)=?(.*)$")
    if url_decode(key) == name then return url_decode(value) end
  end
  return ""
end

-- ---- changes

function G.set(handle, name, value)
  if value == "" then
    handle:headers():remove(name)
  else
    handle:headers():replace(name, value)
  end
end

function G.append(handle, name, value)
  if value ~= "" then handle:headers():add(name, value) end
end

function G.set_body(state, value)
  state.handle:body(true):setBytes(value)
  state.handle:headers():replace("content-length", tostring(#value))
end

-- request headers kept for the response's templates (request_header), in the stream's dynamic metadata
G.SAVED = "gantry.transformation"

function G.save(handle, name)
  handle:streamInfo():dynamicMetadata():set(G.SAVED, name, handle:headers():get(name) or "")
end

function G.saved(handle, name)
  local saved = handle:streamInfo():dynamicMetadata():get(G.SAVED)
  return saved and saved[name] or ""
end
