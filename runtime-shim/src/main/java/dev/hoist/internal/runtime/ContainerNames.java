package dev.hoist.internal.runtime;

import java.util.List;
import java.util.random.RandomGenerator;

/** Random container names in Docker's style, {@code adjective_surname}: {@code eager_turing}. */
final class ContainerNames {
  private static final List<String> ADJECTIVES = List.of("admiring", "adoring", "affectionate",
      "agitated", "amazing", "angry", "awesome", "beautiful", "blissful", "bold", "boring",
      "brave", "busy", "charming", "clever", "compassionate", "competent", "condescending",
      "confident", "cool", "cranky", "crazy", "dazzling", "determined", "distracted", "dreamy",
      "eager", "ecstatic", "elastic", "elated", "elegant", "eloquent", "epic", "exciting",
      "fervent", "festive", "flamboyant", "focused", "friendly", "frosty", "funny", "gallant",
      "gifted", "goofy", "gracious", "great", "happy", "hardcore", "heuristic", "hopeful",
      "hungry", "infallible", "inspiring", "intelligent", "interesting", "jolly", "jovial",
      "keen", "kind", "laughing", "loving", "lucid", "magical", "modest", "musing", "mystifying",
      "naughty", "nervous", "nice", "nifty", "nostalgic", "objective", "optimistic", "peaceful",
      "pedantic", "pensive", "practical", "priceless", "quirky", "quizzical", "recursing",
      "relaxed", "reverent", "romantic", "sad", "serene", "sharp", "silly", "sleepy", "stoic",
      "strange", "stupefied", "suspicious", "sweet", "tender", "thirsty", "trusting",
      "unruffled", "upbeat", "vibrant", "vigilant", "vigorous", "wizardly", "wonderful",
      "xenodochial", "youthful", "zealous", "zen");
  private static final List<String> NAMES = List.of("agnesi", "albattani", "allen", "almeida",
      "archimedes", "ardinghelli", "aryabhata", "austin", "babbage", "banach", "bardeen",
      "bartik", "bassi", "bell", "benz", "bhabha", "bohr", "booth", "borg", "bose", "boyd",
      "brahmagupta", "brattain", "brown", "carson", "cerf", "chandrasekhar", "chaplygin",
      "clarke", "colden", "cori", "cray", "curie", "darwin", "davinci", "dijkstra", "dubinsky",
      "easley", "edison", "einstein", "elion", "engelbart", "euclid", "euler", "faraday",
      "fermat", "fermi", "feynman", "franklin", "galileo", "gates", "goldberg", "goldstine",
      "goldwasser", "goodall", "hamilton", "hawking", "heisenberg", "hermann", "hertz",
      "hodgkin", "hofstadter", "hopper", "hypatia", "jackson", "jennings", "jepsen", "johnson",
      "joliot", "kalam", "kapitsa", "kare", "keller", "kepler", "khorana", "kilby", "knuth",
      "lalande", "lamarr", "lamport", "leakey", "leavitt", "lederberg", "lehmann", "lewin",
      "liskov", "lovelace", "lumiere", "mahavira", "margulis", "matsumoto", "maxwell",
      "mayer", "mccarthy", "mcclintock", "meitner", "mendel", "merkle", "minsky", "mirzakhani",
      "montalcini", "moore", "morse", "napier", "nash", "newton", "nightingale", "nobel",
      "noether", "northcutt", "noyce", "panini", "pare", "pascal", "pasteur", "payne",
      "perlman", "pike", "poincare", "poitras", "ptolemy", "raman", "ramanujan", "ride",
      "ritchie", "roentgen", "rosalind", "saha", "sammet", "shamir", "shannon", "shaw",
      "shirley", "shockley", "sinoussi", "snyder", "spence", "stallman", "stonebraker",
      "swanson", "swartz", "swirles", "tesla", "thompson", "torvalds", "turing", "varahamihira",
      "villani", "visvesvaraya", "volhard", "wescoff", "wiles", "williams", "wilson", "wing",
      "wozniak", "wright", "yalow", "yonath");

  private ContainerNames() {}

  /** A random name; from the second attempt on, a digit is appended (as Docker does). */
  static String random(RandomGenerator random, int attempt) {
    String name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_"
        + NAMES.get(random.nextInt(NAMES.size()));
    return attempt == 0 ? name : name + random.nextInt(10);
  }
}
