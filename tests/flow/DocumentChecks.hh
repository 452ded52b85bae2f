#pragma once

// What the flow's tests read its documents with: libxml2 for the SVG files
// and the report (which is well-formed XML), libpng for screenshots, and
// Debian's headless Chromium to render the report as a browser does.

#include "tests/support/Workspace.hh"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <map>
#include <png.h>
#include <sstream>
#include <string>
#include <vector>

namespace nladc::testing {

// A document parsed by libxml2 (no network, no entity expansion from outside).
class XmlDocument {
public:
  explicit XmlDocument(const std::string& text)
  {
    doc_ = xmlReadMemory(text.data(), static_cast<int>(text.size()), "document.xml", nullptr,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc_) {
      const xmlError* e = xmlGetLastError();
      error_ = e && e->message ? e->message : "not well-formed";
    }
  }
  ~XmlDocument()
  {
    if (doc_)
      xmlFreeDoc(doc_);
  }
  XmlDocument(const XmlDocument&) = delete;
  XmlDocument& operator=(const XmlDocument&) = delete;

  bool wellFormed() const { return doc_ != nullptr; }
  const std::string& error() const { return error_; }

  struct Element {
    std::string name; // local name
    std::map<std::string, std::string> attributes;
    std::string text; // all text inside it
  };

  // Every element, in document order.
  std::vector<Element> elements() const
  {
    std::vector<Element> all;
    if (doc_)
      collect(xmlDocGetRootElement(doc_), all);
    return all;
  }

  std::string rootName() const
  {
    const xmlNode* root = doc_ ? xmlDocGetRootElement(doc_) : nullptr;
    return root ? reinterpret_cast<const char*>(root->name) : "";
  }

private:
  static void collect(xmlNode* node, std::vector<Element>& into)
  {
    for (; node; node = node->next) {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      Element e;
      e.name = reinterpret_cast<const char*>(node->name);
      for (xmlAttr* a = node->properties; a; a = a->next) {
        xmlChar* value = xmlNodeListGetString(node->doc, a->children, 1);
        e.attributes[reinterpret_cast<const char*>(a->name)] = value ? reinterpret_cast<const char*>(value) : "";
        xmlFree(value);
      }
      xmlChar* content = xmlNodeGetContent(node);
      e.text = content ? reinterpret_cast<const char*>(content) : "";
      xmlFree(content);
      into.push_back(std::move(e));
      collect(node->children, into);
    }
  }

  xmlDoc* doc_ = nullptr;
  std::string error_;
};

inline size_t countElements(const XmlDocument& doc, const std::string& name)
{
  size_t n = 0;
  for (const XmlDocument::Element& e : doc.elements())
    n += e.name == name ? 1 : 0;
  return n;
}

// An RGBA image read by libpng.
struct Image {
  unsigned width = 0;
  unsigned height = 0;
  std::vector<unsigned char> rgba;

  // Pixels whose colour differs from the top-left one (the page's background).
  size_t pixelsUnlikeBackground() const
  {
    size_t n = 0;
    for (size_t i = 0; i + 3 < rgba.size(); i += 4)
      n += !std::equal(rgba.begin() + static_cast<std::ptrdiff_t>(i), rgba.begin() + static_cast<std::ptrdiff_t>(i) + 4,
                       rgba.begin())
               ? 1
               : 0;
    return n;
  }
};

inline Image readPng(const std::filesystem::path& path)
{
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  REQUIRE(png_image_begin_read_from_file(&png, path.c_str()) != 0);
  png.format = PNG_FORMAT_RGBA;
  Image image{png.width, png.height, std::vector<unsigned char>(PNG_IMAGE_SIZE(png))};
  REQUIRE(png_image_finish_read(&png, nullptr, image.rgba.data(), 0, nullptr) != 0);
  return image;
}

// The chromium executable on PATH. Its absence fails the test: setup.sh
// installs it, and a browser test that skips proves nothing.
inline std::string chromium()
{
  std::istringstream path(std::getenv("PATH") ? std::getenv("PATH") : "");
  for (std::string dir; std::getline(path, dir, ':');)
    if (!dir.empty() && access((std::filesystem::path(dir) / "chromium").c_str(), X_OK) == 0)
      return (std::filesystem::path(dir) / "chromium").string();
  FAIL("chromium is not on PATH; scripts/setup.sh installs it (Debian package chromium)");
  return {};
}

// What headless Chromium made of a page.
struct Rendering {
  int status = -1;
  std::string log;                  // its stderr, with the page's console messages
  std::vector<std::string> console; // the console messages (errors, warnings, logs, uncaught exceptions)
  std::string dom;                  // the DOM after loading, serialised
};

// Renders `page` twice in a fresh profile under `work`: once for a
// screenshot (window width × height) and the console log, once for the DOM.
// The flags keep Chromium off the network (the page needs none, and the test
// machines have none) and out of its sandbox, which it refuses to start as
// root.
inline Rendering renderPage(const std::filesystem::path& page, const std::filesystem::path& screenshot,
                            const std::filesystem::path& work, int width, int height)
{
  const std::string common =
      quoted(chromium()) +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
      " --disable-component-update --disable-sync --hide-scrollbars --virtual-time-budget=5000" +
      " --user-data-dir=" + quoted((work / "profile").string());
  const std::string url = quoted("file://" + std::filesystem::absolute(page).string());
  Rendering r;
  const std::string shot = "timeout 120 " + common +
                           " --enable-logging=stderr --v=0 --window-size=" + std::to_string(width) + "," +
                           std::to_string(height) + " --screenshot=" + quoted(screenshot.string()) + " " + url +
                           " > /dev/null 2> " + quoted((work / "chromium.log").string());
  const int raw = std::system(shot.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.log = slurp(work / "chromium.log");
  std::istringstream lines(r.log);
  for (std::string line; std::getline(lines, line);)
    if (line.find(":CONSOLE") != std::string::npos)
      r.console.push_back(line);
  const std::string dump =
      "timeout 120 " + common + " --dump-dom " + url + " > " + quoted((work / "dom.html").string()) + " 2> /dev/null";
  REQUIRE(std::system(dump.c_str()) == 0);
  r.dom = slurp(work / "dom.html");
  return r;
}

} // namespace nladc::testing
